package io.airlock.core.archive;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import io.airlock.core.AtomicFiles;
import io.airlock.core.BadInputException;
import io.airlock.core.Phrase;
import io.airlock.core.Setting;
import io.airlock.core.Sizes;
import io.airlock.core.digest.Digest;
import io.airlock.core.progress.Notice;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.progress.StepProgress;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.io.input.BoundedInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Unpacks a compressed tar once, streaming, into a work directory, checking every blob against its
 * digest as it is written (also the blobs inside image archives in the tar). The result appears
 * under its final name only when complete; a failed or interrupted run leaves nothing. A second run
 * over the same file reuses the finished directory.
 */
public final class TarUnpacker {

  /**
   * Marks a finished unpack: the file {@code DIR.airlock-unpacked} beside the directory, so the
   * directory holds exactly what the archive held. (Airlock 0.1 kept it inside, where it hid an
   * archive's single top directory; such a directory is taken over as it is.)
   */
  static final String MARKER = ".airlock-unpacked";

  private static final int IO_BUFFER = 1 << 20;
  private static final long PROGRESS_EVERY = 8L << 20;

  private final ProgressListener listener;
  private final InputLimits limits;

  public TarUnpacker(ProgressListener listener, InputLimits limits) {
    this.listener = listener;
    this.limits = limits;
  }

  /**
   * Unpacks {@code archive} below {@code workRoot}, or finds it already unpacked there.
   *
   * @return the directory holding the tar's contents
   */
  public Path unpack(Path archive, Compression compression, Path workRoot)
      throws BadInputException, InterruptedIOException {
    Path target;
    try {
      Files.createDirectories(workRoot);
      target = workRoot.resolve(directoryNameFor(archive));
      Path marker = markerOf(target);
      if (Files.isRegularFile(marker) && Files.isDirectory(target)) {
        return target;
      }
      Path inside = target.resolve(MARKER);
      if (!Files.exists(marker) && Files.isRegularFile(inside)) {
        Files.move(inside, marker, StandardCopyOption.ATOMIC_MOVE);
        return target;
      }
    } catch (IOException e) {
      throw new BadInputException(
          Phrase.of("Cannot use the work directory ", workRoot, ": ", e.getMessage()),
          Phrase.of("Choose a writable directory as ", Setting.WORK_DIR, "."),
          e);
    }
    Path partial = workRoot.resolve(target.getFileName() + ".partial");
    boolean done = false;
    try {
      deleteRecursively(partial);
      Files.createDirectories(partial);
      UnpackGuard guard = new UnpackGuard(archive, workRoot, limits, () -> 0);
      guard.checkEstimate(estimateUnpackedSize(archive, compression));
      extract(archive, compression, partial, workRoot);
      Files.deleteIfExists(markerOf(target));
      deleteRecursively(target);
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      AtomicFiles.write(
          markerOf(target),
          ("source: " + archive.toAbsolutePath() + "\n").getBytes(StandardCharsets.UTF_8));
      done = true;
      return target;
    } catch (InputRefusal e) {
      throw e.reason();
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      throw new BadInputException(
          "Cannot unpack " + archive + " into " + workRoot + ": " + describe(e),
          noSpace(e) ? "Free up space on that disk, or unpack onto a larger one." : null,
          e);
    } finally {
      if (!done) {
        deleteQuietly(partial);
      }
    }
  }

  private static Path markerOf(Path target) {
    return target.resolveSibling(target.getFileName() + MARKER);
  }

  /** The work directory name: stable for the same file, different after it changes. */
  static String directoryNameFor(Path archive) throws IOException {
    Path absolute = archive.toAbsolutePath().normalize();
    String identity =
        absolute
            + "|"
            + Files.size(absolute)
            + "|"
            + Files.getLastModifiedTime(absolute).toMillis();
    String base =
        absolute.getFileName().toString().replaceAll("\\.(tar\\.gz|tgz|tar\\.zst|tzst)$", "");
    return base + "-" + Digest.sha256(identity.getBytes(StandardCharsets.UTF_8)).shortHex();
  }

  private void extract(Path archive, Compression compression, Path into, Path workRoot)
      throws IOException, BadInputException {
    long compressedSize = Files.size(archive);
    BoundedInputStream compressedCount =
        BoundedInputStream.builder()
            .setInputStream(new BufferedInputStream(Files.newInputStream(archive), IO_BUFFER))
            .get();
    UnpackGuard guard = new UnpackGuard(archive, workRoot, limits, compressedCount::getCount);
    MemberWriter writer = new MemberWriter(archive, guard);
    UniqueMembers unique = new UniqueMembers(archive.toString());
    String member = null;
    long memberOffset = 0;
    BoundedInputStream tarCount = null;
    try (compressedCount;
        InputStream decompressed = decompressor(compression, compressedCount)) {
      tarCount = BoundedInputStream.builder().setInputStream(guard.watch(decompressed)).get();
      TarArchiveInputStream tar =
          new BoundedTarInputStream(tarCount, IO_BUFFER, archive.toString());
      long lastReport = 0;
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        member = entry.getName();
        memberOffset = tarCount.getCount();
        String path = extractEntry(tar, entry, into, archive, writer, unique);
        if (compressedCount.getCount() - lastReport >= PROGRESS_EVERY) {
          lastReport = compressedCount.getCount();
          listener.onEvent(new StepProgress("unpack", path, lastReport, compressedSize));
        }
      }
      listener.onEvent(new StepProgress("unpack", "", compressedSize, compressedSize));
    } catch (EOFException e) {
      throw truncated(archive, compressedCount, member, memberOffset, tarCount, e);
    } catch (FileAlreadyExistsException e) {
      throw new BadInputException(
          "Refusing " + archive + ": member " + member + " clashes with a member before it.",
          null,
          e);
    } catch (InputRefusal e) {
      throw e.reason();
    } catch (IOException e) {
      if (noSpace(e) || e instanceof InterruptedIOException) {
        throw e;
      }
      if (looksCorrupt(e)) {
        throw new BadInputException(
            archive
                + " is damaged: "
                + describe(e)
                + " at compressed byte "
                + compressedCount.getCount()
                + (member == null ? "" : ", inside member " + member),
            "Get the bundle again.",
            e);
      }
      throw e;
    }
  }

  /** Writes one entry below {@code into}; returns its normalised path. */
  private String extractEntry(
      TarArchiveInputStream tar,
      TarArchiveEntry entry,
      Path into,
      Path archive,
      MemberWriter writer,
      UniqueMembers unique)
      throws IOException, BadInputException {
    String path =
        MemberPaths.normalize(entry.getName()).orElseThrow(() -> escaping(archive, entry));
    if (path.isEmpty()) {
      return path;
    }
    InputLimits.checkDepth(path, archive.toString());
    unique.add(path, entry.isDirectory());
    Path destination = into.resolve(path);
    if (entry.isDirectory()) {
      Files.createDirectories(destination);
    } else if (entry.isSymbolicLink()) {
      String target =
          MemberPaths.resolveLink(path, entry.getLinkName())
              .orElseThrow(() -> escaping(archive, entry));
      Files.createDirectories(Objects.requireNonNull(destination.getParent()));
      Files.createSymbolicLink(
          destination,
          Objects.requireNonNull(destination.getParent()).relativize(into.resolve(target)));
    } else if (entry.isLink()) {
      String target =
          MemberPaths.normalize(entry.getLinkName()).orElseThrow(() -> escaping(archive, entry));
      if (Files.exists(into.resolve(target), LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(Objects.requireNonNull(destination.getParent()));
        Files.createLink(destination, into.resolve(target));
      }
    } else if (entry.isFile()) {
      Files.createDirectories(Objects.requireNonNull(destination.getParent()));
      if (!writer.write(tar, path, entry.getSize(), destination)) {
        listener.onEvent(
            Notice.warning(
                "Skipped "
                    + path
                    + " of "
                    + archive.getFileName()
                    + " ("
                    + Sizes.human(entry.getSize())
                    + "): no bundle reader uses a file of this kind, so it was not unpacked."));
      }
    }
    return path;
  }

  private static InputStream decompressor(Compression compression, InputStream in)
      throws IOException {
    return switch (compression) {
      case GZIP -> new GZIPInputStream(in, IO_BUFFER);
      case ZSTD -> new BufferedInputStream(new ZstdInputStreamNoFinalizer(in), IO_BUFFER);
      case NONE -> in;
    };
  }

  /**
   * A lower bound good enough to refuse early: gzip records the size modulo 4 GiB in its trailer
   * and zstd usually records it in the frame header; bundles of compressed layers barely shrink.
   */
  static long estimateUnpackedSize(Path archive, Compression compression) throws IOException {
    long compressed = Files.size(archive);
    try (FileChannel channel = FileChannel.open(archive)) {
      if (compression == Compression.GZIP && compressed >= 18) {
        ByteBuffer trailer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        channel.read(trailer, compressed - 4);
        long modulo = Integer.toUnsignedLong(trailer.flip().getInt());
        long estimate = modulo;
        while (estimate < compressed) {
          estimate += 1L << 32;
        }
        return estimate;
      }
      if (compression == Compression.ZSTD) {
        ByteBuffer header = ByteBuffer.allocate(18);
        channel.read(header, 0);
        long size = Zstd.getFrameContentSize(header.array());
        return size > 0 ? Math.max(size, compressed) : compressed;
      }
    }
    return compressed;
  }

  private static BadInputException truncated(
      Path archive,
      BoundedInputStream compressed,
      @Nullable String member,
      long memberOffset,
      @Nullable BoundedInputStream tar,
      EOFException e) {
    String inside =
        member == null
            ? " before the first member"
            : ", inside member "
                + member
                + " (which starts at offset "
                + memberOffset
                + " of the tar; "
                + (tar == null ? 0 : tar.getCount())
                + " bytes were read)";
    return new BadInputException(
        archive
            + " is truncated: the compressed stream ends at byte "
            + compressed.getCount()
            + inside
            + ".",
        "The download or copy was cut short; get the bundle again.",
        e);
  }

  private static BadInputException escaping(Path archive, TarArchiveEntry entry) {
    String link =
        entry.isSymbolicLink() || entry.isLink() ? " -> '" + entry.getLinkName() + "'" : "";
    return new BadInputException(
        "Refusing "
            + archive
            + ": member '"
            + entry.getName()
            + "'"
            + link
            + " points outside the bundle.",
        "The bundle may have been tampered with; get it again from its vendor.");
  }

  private static boolean noSpace(IOException e) {
    return e.getMessage() != null && e.getMessage().contains("No space left on device");
  }

  private static boolean looksCorrupt(IOException e) {
    String m = String.valueOf(e.getMessage());
    return e instanceof ZipException
        || m.contains("truncated")
        || m.contains("Truncated")
        || m.contains("Unknown frame descriptor")
        || m.contains("Corrupted")
        || m.contains("header");
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (var walk = Files.walk(path)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      deleteRecursively(path);
    } catch (IOException ignored) {
      // Best effort: a leftover .partial directory is removed by the next run.
    }
  }
}
