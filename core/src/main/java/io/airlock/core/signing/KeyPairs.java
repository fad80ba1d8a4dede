package io.airlock.core.signing;

import io.airlock.core.BadInputException;
import io.airlock.core.Phrase;
import io.airlock.core.Setting;
import io.airlock.core.keys.Pem;
import io.airlock.core.keys.TrustedKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import org.jspecify.annotations.Nullable;

/**
 * Makes signing key pairs as {@code cosign generate-key-pair} does: {@code NAME.key} in cosign's
 * encrypted format (readable by cosign) and {@code NAME.pub} as a PEM {@code PUBLIC KEY}. Neither
 * file appears unless both were written, and existing keys are never overwritten.
 */
public final class KeyPairs {

  /** What was written. */
  public record Written(Path privateKey, Path publicKey, TrustedKey key) {}

  private KeyPairs() {}

  public static Written generate(String prefix, SigningAlgorithm algorithm, byte[] password)
      throws BadInputException {
    Path privatePath = Path.of(prefix + ".key");
    Path publicPath = Path.of(prefix + ".pub");
    for (Path p : new Path[] {privatePath, publicPath}) {
      if (Files.exists(p)) {
        throw new BadInputException(
                Phrase.of(p, " already exists; Airlock never overwrites a key."),
                Phrase.of(
                    "Change ", Setting.OUTPUT_KEY_PREFIX, ", or move the old key pair away first."))
            .coded("keygen.key-exists");
      }
    }
    SigningKey key = newKey(privatePath, algorithm);
    String privatePem;
    try {
      privatePem = EncryptedKeyFile.encrypt(PrivateKeyReader.pkcs8(key), password);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode the new key", e);
    }
    String publicPem = Pem.encode("PUBLIC KEY", key.publicKey().spki());
    Path dir = privatePath.toAbsolutePath().getParent();
    Path tmpPrivate = null;
    Path tmpPublic = null;
    try {
      Files.createDirectories(dir);
      tmpPrivate = Files.createTempFile(dir, ".airlock-key-", ".partial");
      permit(tmpPrivate, "rw-------");
      Files.writeString(tmpPrivate, privatePem, StandardCharsets.US_ASCII);
      tmpPublic = Files.createTempFile(dir, ".airlock-pub-", ".partial");
      permit(tmpPublic, "rw-r--r--"); // public, as cosign writes it
      Files.writeString(tmpPublic, publicPem, StandardCharsets.US_ASCII);
      moveNew(tmpPrivate, privatePath);
      tmpPrivate = null;
      try {
        moveNew(tmpPublic, publicPath);
        tmpPublic = null;
      } catch (IOException e) {
        Files.deleteIfExists(privatePath);
        throw e;
      }
    } catch (FileAlreadyExistsException e) {
      throw new BadInputException(
              Phrase.of(
                  e.getFile(), " appeared while the key was being made; nothing was written."),
              Phrase.of("Change ", Setting.OUTPUT_KEY_PREFIX, "."))
          .coded("keygen.key-exists");
    } catch (IOException e) {
      throw new BadInputException(
          "Cannot write the key pair " + prefix + ".key/.pub: " + e.getMessage(),
          "Check that the directory is writable.",
          e);
    } finally {
      deleteQuietly(tmpPrivate);
      deleteQuietly(tmpPublic);
    }
    return new Written(privatePath, publicPath, key.publicKey());
  }

  static SigningKey newKey(Path name, SigningAlgorithm algorithm) throws BadInputException {
    try {
      SecureRandom random = new SecureRandom();
      switch (algorithm.keyType()) {
        case ED25519 -> {
          byte[] seed = new byte[32];
          random.nextBytes(seed);
          return PrivateKeyReader.ed25519(name, seed);
        }
        case RSA -> {
          KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
          g.initialize(algorithm.bits(), random);
          KeyPair pair = g.generateKeyPair();
          return PrivateKeyReader.fromPkcs8(name, pair.getPrivate().getEncoded(), false);
        }
        default -> {
          KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
          g.initialize(new ECGenParameterSpec(algorithm.keyType().curve()), random);
          KeyPair pair = g.generateKeyPair();
          return PrivateKeyReader.fromPkcs8(name, pair.getPrivate().getEncoded(), false);
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this Java runtime cannot make " + algorithm.flag(), e);
    }
  }

  private static void permit(Path file, String permissions) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system (Windows): the user profile's ACLs apply
    }
  }

  /** Renames without ever replacing an existing file (a hard link fails if the name exists). */
  private static void moveNew(Path from, Path to) throws IOException {
    try {
      Files.createLink(to, from);
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (IOException | UnsupportedOperationException e) {
      Files.move(from, to); // no hard links here: a plain move, which also refuses to replace
      return;
    }
    Files.delete(from);
  }

  private static void deleteQuietly(@Nullable Path p) {
    if (p == null) {
      return;
    }
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // best effort: a .partial file is harmless
    }
  }
}
