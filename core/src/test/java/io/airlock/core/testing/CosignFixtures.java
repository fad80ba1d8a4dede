package io.airlock.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The real cosign/Sigstore signatures kept outside the project in {@code
 * shared/fixtures/cosign-real} (see its README.md), found by {@link SharedFixtures}: from the main
 * checkout, a worktree and every module; {@code AIRLOCK_COSIGN_FIXTURES} overrides. Without it the
 * tests that need it are skipped with one line, or fail when {@value SharedFixtures#REQUIRE} is set
 * (as {@code .ci/run} does).
 */
public final class CosignFixtures {

  private CosignFixtures() {}

  public static Path root() {
    return SharedFixtures.dir("cosign-real", "AIRLOCK_COSIGN_FIXTURES");
  }

  /** One vector: blob, key.pub, blob.sig or blob.sigstore.json, and what cosign answers. */
  public record Vector(Path dir) {
    public String name() {
      return dir.getFileName().toString();
    }

    public Path blob() {
      return dir.resolve("blob");
    }

    public Path key() {
      return dir.resolve("key.pub");
    }

    public Optional<Path> signature() {
      return existing("blob.sig");
    }

    public Optional<Path> bundle() {
      return existing("blob.sigstore.json");
    }

    /** What cosign up to v3.1 answers: "valid" or "invalid". */
    public String expected() {
      return text("EXPECTED").orElseThrow();
    }

    /** The answer once the key's own digest is used (newer cosign), where it differs. */
    public String expectedKeyDefault() {
      return text("EXPECTED_KEYDEFAULT").orElse(expected());
    }

    /** The cosign flag the case was made for, e.g. "--signature-digest-algorithm sha384". */
    public Optional<String> flags() {
      return text("FLAGS");
    }

    private Optional<Path> existing(String name) {
      Path p = dir.resolve(name);
      return Files.exists(p) ? Optional.of(p) : Optional.empty();
    }

    private Optional<String> text(String name) {
      try {
        Path p = dir.resolve(name);
        return Files.exists(p) ? Optional.of(Files.readString(p).trim()) : Optional.empty();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  public static List<Vector> vectors() {
    try (Stream<Path> dirs = Files.list(root().resolve("vectors"))) {
      return dirs.filter(Files::isDirectory).sorted().map(Vector::new).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A line of encrypted-keys/keys.tsv. */
  public record EncryptedKey(
      Path file, String password, String expected, String keyType, String spkiSha256) {}

  public static List<EncryptedKey> encryptedKeys() {
    Path dir = root().resolve("encrypted-keys");
    try {
      return Files.readAllLines(dir.resolve("keys.tsv")).stream()
          .skip(1)
          .filter(l -> !l.isBlank())
          .map(l -> l.split("\t", -1))
          .map(
              f ->
                  new EncryptedKey(
                      dir.resolve(f[0]), unquote(f[1]), f[2], f[3], f.length > 4 ? f[4] : ""))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String unquote(String json) {
    return json.substring(1, json.length() - 1);
  }
}
