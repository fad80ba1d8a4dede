package io.airlock.core.registry;

import io.airlock.core.digest.Digest;
import io.airlock.core.digest.DigestAlgorithm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** Listing the store's directories: names, digests, sizes; a missing directory lists as empty. */
final class StoreFiles {

  private StoreFiles() {}

  /** The names in {@code dir}, unsorted; none when it does not exist. */
  static List<String> listNames(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path p : stream) {
        names.add(p.getFileName().toString());
      }
    } catch (NoSuchFileException e) {
      return names;
    }
    return names;
  }

  /** The digests of a {@code ALGORITHM/HEX} tree; stray names are skipped. */
  static List<Digest> listDigests(Path dir) throws IOException {
    List<Digest> digests = new ArrayList<>();
    for (String algorithm : listNames(dir)) {
      DigestAlgorithm a = DigestAlgorithm.fromOciName(algorithm).orElse(null);
      if (a == null) {
        continue;
      }
      for (String hex : listNames(dir.resolve(algorithm))) {
        try {
          digests.add(new Digest(a, hex));
        } catch (IllegalArgumentException e) {
          // a stray file; ignore it
        }
      }
    }
    return digests;
  }

  /** Bytes in the regular files below {@code dir}. */
  static long bytesUnder(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              f -> {
                try {
                  return Files.size(f);
                } catch (NoSuchFileException e) {
                  return 0;
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .sum();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  static void closeQuietly(@Nullable FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing more to do
      }
    }
  }
}
