package io.airlock.core.archive;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes reproducible tars: fixed timestamps and owners, PAX headers for long names, so the same
 * input always gives the same bytes (and the same digests).
 */
public final class TarWriter implements AutoCloseable {

  /** The timestamp every entry gets, so output does not depend on when it was made. */
  public static final FileTime EPOCH = FileTime.from(Instant.parse("2024-01-01T00:00:00Z"));

  private final TarArchiveOutputStream tar;

  public TarWriter(OutputStream out) {
    tar = new TarArchiveOutputStream(out, 512);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
  }

  /** Opens {@code file} for writing, compressed as asked; gzip favours speed over size. */
  public static TarWriter create(Path file, Compression compression) throws IOException {
    OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
    return new TarWriter(compress(out, compression));
  }

  /** Wraps {@code out} in a compressor; the caller closes the result. */
  public static OutputStream compress(OutputStream out, Compression compression)
      throws IOException {
    return switch (compression) {
      case GZIP -> new FastGzipOutputStream(out);
      case ZSTD -> new ZstdOutputStreamNoFinalizer(out, 3);
      case NONE -> out;
    };
  }

  public void addDirectory(String name) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
    normalize(entry, 0755);
    tar.putArchiveEntry(entry);
    tar.closeArchiveEntry();
  }

  public void addBytes(String name, byte[] content) throws IOException {
    addBytes(name, content, 0644);
  }

  /** Adds a program: read and execute for everyone, writable by nobody (0555). */
  public void addExecutable(String name, byte[] content) throws IOException {
    addBytes(name, content, 0555);
  }

  private void addBytes(String name, byte[] content, int mode) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(content.length);
    normalize(entry, mode);
    tar.putArchiveEntry(entry);
    tar.write(content);
    tar.closeArchiveEntry();
  }

  /** Adds {@code size} bytes read from {@code in}. */
  public void addStream(String name, long size, InputStream in) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(size);
    normalize(entry, 0644);
    tar.putArchiveEntry(entry);
    long copied = in.transferTo(tar);
    if (copied != size) {
      throw new IOException(name + ": expected " + size + " bytes, got " + copied);
    }
    tar.closeArchiveEntry();
  }

  public void addFile(String name, Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      addStream(name, Files.size(file), in);
    }
  }

  public void addSymlink(String name, String target) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
    entry.setLinkName(target);
    normalize(entry, 0777);
    tar.putArchiveEntry(entry);
    tar.closeArchiveEntry();
  }

  /** Adds everything below {@code dir}, in name order, under {@code prefix} ("" for none). */
  public void addTree(Path dir, String prefix) throws IOException {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(dir)) {
      paths = walk.filter(p -> !p.equals(dir)).sorted().toList();
    }
    for (Path p : paths) {
      String name = MemberPaths.join(prefix, dir.relativize(p).toString().replace('\\', '/'));
      if (Files.isSymbolicLink(p)) {
        addSymlink(name, Files.readSymbolicLink(p).toString());
      } else if (Files.isDirectory(p)) {
        addDirectory(name);
      } else {
        addFile(name, p);
      }
    }
  }

  @Override
  public void close() throws IOException {
    tar.finish();
    tar.close();
  }

  private static void normalize(TarArchiveEntry entry, int mode) {
    entry.setMode(
        (entry.isDirectory() ? 040000 : entry.isSymbolicLink() ? 0120000 : 0100000) | mode);
    entry.setLastModifiedTime(EPOCH);
    entry.setUserId(0);
    entry.setGroupId(0);
    entry.setUserName("");
    entry.setGroupName("");
  }

  /** gzip at the fastest level: bundles hold compressed layers that do not shrink further. */
  private static final class FastGzipOutputStream extends GZIPOutputStream {
    FastGzipOutputStream(OutputStream out) throws IOException {
      super(out, 1 << 16);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }
}
