package io.airlock.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The vendor keys built into an installed Airlock: the packaging copies a directory of public keys
 * (*.pub) into the installation (lib/trust) and its launchers name it in the system property
 * {@value #PROPERTY}. {@code airlock verify} and the wizard use them when no key is given, and say
 * so.
 */
public final class TrustAnchors {

  public static final String PROPERTY = "airlock.trustDir";

  private TrustAnchors() {}

  /** The directory of built-in keys, when this installation has one holding a key. */
  public static Optional<Path> installed() {
    String dir = System.getProperty(PROPERTY);
    if (dir == null || dir.isBlank()) {
      return Optional.empty();
    }
    Path path = Path.of(dir).toAbsolutePath().normalize();
    return count(path) > 0 ? Optional.of(path) : Optional.empty();
  }

  /** What a person is told when the built-in keys are used. */
  public static String notice(Path dir) {
    int n = count(dir);
    return "Using the vendor key"
        + (n == 1 ? "" : "s")
        + " built into this installation ("
        + n
        + " in "
        + dir
        + "); --key overrides.";
  }

  private static int count(Path dir) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return (int)
          files
              .filter(f -> f.getFileName().toString().endsWith(".pub"))
              .filter(Files::isRegularFile)
              .count();
    } catch (IOException e) {
      return 0;
    }
  }
}
