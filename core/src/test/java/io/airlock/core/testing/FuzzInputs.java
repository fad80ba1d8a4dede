package io.airlock.core.testing;

import io.airlock.core.AirlockException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Helpers for the Jazzer fuzz targets (*FuzzTest): a scratch directory per JVM, and seeds made at
 * test time (never committed binaries) put where Jazzer looks for its corpus. A finding is anything
 * but success or Airlock's own typed input error; committed regression inputs live in
 * src/test/resources/PACKAGE/CLASSInputs/METHOD/.
 */
public final class FuzzInputs {

  private FuzzInputs() {}

  /**
   * A fresh scratch directory for this JVM, removed when it exits (a fuzz target's static state has
   * no end of its own; each run left its directory in /tmp).
   */
  public static Path scratch(String name) {
    try {
      Path dir = Files.createTempDirectory("fuzz-" + name);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> removeQuietly(dir)));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void removeQuietly(Path dir) {
    try {
      clear(dir);
      Files.deleteIfExists(dir);
    } catch (IOException | UncheckedIOException e) {
      // At JVM exit there is no one left to tell; the system's tmp cleaner takes what is left.
    }
  }

  /** Writes seeds into Jazzer's corpus of {@code testClass#method} (fuzzing mode reads it). */
  public static void seed(Class<?> testClass, String method, Map<String, byte[]> seeds) {
    Path corpus = Path.of(".cifuzz-corpus", testClass.getName(), method);
    try {
      Files.createDirectories(corpus);
      for (Map.Entry<String, byte[]> seed : seeds.entrySet()) {
        Files.write(corpus.resolve("seed-" + seed.getKey()), seed.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes everything below {@code dir}, keeping it. */
  public static void clear(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        if (!p.equals(dir)) {
          Files.delete(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a parse; Airlock's typed refusal is an expected outcome, anything else a finding. */
  public static void expectOnlyTypedErrors(ThrowingRunnable parse) throws Exception {
    try {
      parse.run();
    } catch (AirlockException expected) {
      // The input was refused with a message: what hostile input must get.
    }
  }

  /** A parse that may throw. */
  public interface ThrowingRunnable {
    void run() throws Exception;
  }
}
