package io.airlock.core.testing;

import io.airlock.core.archive.Compression;
import io.airlock.core.archive.TarWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Packs directories into (compressed) tars for tests, and damages files on purpose. */
public final class Trees {

  private Trees() {}

  public static Path pack(Path dir, Path out, Compression compression) {
    try (TarWriter tar = TarWriter.create(out, compression)) {
      tar.addTree(dir, "");
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies the first {@code length} bytes of a file: a download cut short. */
  public static Path truncate(Path file, long length, Path out) {
    try (var in = Files.newInputStream(file)) {
      Files.write(out, in.readNBytes((int) length));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Flips one byte at {@code offset} in place. */
  public static void flipByte(Path file, long offset) {
    try (var channel =
        java.nio.channels.FileChannel.open(
            file, java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
      var b = java.nio.ByteBuffer.allocate(1);
      channel.read(b, offset);
      b.flip();
      byte value = b.get(0);
      channel.write(java.nio.ByteBuffer.wrap(new byte[] {(byte) (value ^ 0x5a)}), offset);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The tar as it is, and compressed by the real gzip and zstd ({@code TAR.gz}, {@code TAR.zst}):
   * the forms a bundle comes in.
   */
  public static Path[] withCompressedForms(Path tar) {
    Command.ok("sh", "-c", "gzip -1 -c " + tar + " > " + tar + ".gz");
    Command.ok("sh", "-c", "zstd -q -1 -c " + tar + " > " + tar + ".zst");
    return new Path[] {tar, Path.of(tar + ".gz"), Path.of(tar + ".zst")};
  }

  /**
   * Every file and directory under {@code root} (directories with a trailing slash), each file with
   * its content, sorted by path.
   */
  public static java.util.SortedMap<String, String> contents(Path root) {
    java.util.SortedMap<String, String> m = new java.util.TreeMap<>();
    try (java.util.stream.Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String rel = root.relativize(p).toString();
        m.put(
            rel + (Files.isDirectory(p) ? "/" : ""),
            Files.isDirectory(p) ? "" : Files.readString(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return m;
  }

  /** The first file below {@code dir}, in walk order, whose name ends with {@code suffix}. */
  public static Path firstFile(Path dir, String suffix) {
    try (var walk = Files.walk(dir)) {
      return walk.filter(p -> p.toString().endsWith(suffix)).findFirst().orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void copyTree(Path from, Path to) {
    try (var walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
