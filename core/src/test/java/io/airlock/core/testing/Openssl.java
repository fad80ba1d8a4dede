package io.airlock.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The real openssl as the oracle for signatures: it makes keys and signatures Airlock must accept,
 * and checks the signatures Airlock makes, with the same checks cosign does (ECDSA/RSA over a
 * digest, pure Ed25519 over the raw message).
 */
public final class Openssl {

  /** Key kinds, with the genpkey options that make them. */
  public enum Kind {
    P256("EC", "ec_paramgen_curve:P-256"),
    P384("EC", "ec_paramgen_curve:P-384"),
    P521("EC", "ec_paramgen_curve:P-521"),
    RSA2048("RSA", "rsa_keygen_bits:2048"),
    RSA3072("RSA", "rsa_keygen_bits:3072"),
    ED25519("ED25519", null);

    final String algorithm;
    final String option;

    Kind(String algorithm, String option) {
      this.algorithm = algorithm;
      this.option = option;
    }

    public boolean isEd25519() {
      return this == ED25519;
    }
  }

  /** A key pair as openssl wrote it: PKCS#8 private key and a PEM PUBLIC KEY. */
  public record KeyPair(Kind kind, Path privateKey, Path publicKey) {}

  private Openssl() {}

  public static KeyPair generate(Kind kind, Path dir) {
    Path priv = dir.resolve(kind.name().toLowerCase() + ".pem");
    Path pub = dir.resolve(kind.name().toLowerCase() + ".pub");
    if (kind.option == null) {
      Command.ok("openssl", "genpkey", "-algorithm", kind.algorithm, "-out", priv.toString());
    } else {
      Command.ok(
          "openssl",
          "genpkey",
          "-algorithm",
          kind.algorithm,
          "-pkeyopt",
          kind.option,
          "-out",
          priv.toString());
    }
    Command.ok("openssl", "pkey", "-in", priv.toString(), "-pubout", "-out", pub.toString());
    return new KeyPair(kind, priv, pub);
  }

  /** A binary signature, as cosign would make with this key and hash (hash ignored for Ed25519). */
  public static byte[] sign(KeyPair key, String hash, Path file) {
    Path out = tempFile();
    try {
      if (key.kind().isEd25519()) {
        Command.ok(
            "openssl",
            "pkeyutl",
            "-sign",
            "-inkey",
            key.privateKey().toString(),
            "-rawin",
            "-in",
            file.toString(),
            "-out",
            out.toString());
      } else {
        Command.ok(
            "openssl",
            "dgst",
            "-" + hash,
            "-sign",
            key.privateKey().toString(),
            "-out",
            out.toString(),
            file.toString());
      }
      return Files.readAllBytes(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      delete(out);
    }
  }

  /** True when openssl accepts the signature: openssl's equivalent of cosign's check. */
  public static boolean verify(KeyPair key, String hash, Path file, byte[] signature) {
    return verify(key.kind().isEd25519(), key.publicKey(), hash, file, signature);
  }

  public static boolean verify(
      boolean ed25519, Path publicKey, String hash, Path file, byte[] signature) {
    Path sig = tempFile();
    try {
      Files.write(sig, signature);
      List<String> command =
          ed25519
              ? List.of(
                  "openssl",
                  "pkeyutl",
                  "-verify",
                  "-pubin",
                  "-inkey",
                  publicKey.toString(),
                  "-rawin",
                  "-in",
                  file.toString(),
                  "-sigfile",
                  sig.toString())
              : List.of(
                  "openssl",
                  "dgst",
                  "-" + hash,
                  "-verify",
                  publicKey.toString(),
                  "-signature",
                  sig.toString(),
                  file.toString());
      return Command.run(command, Map.of(), Duration.ofMinutes(2)).exitCode() == 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      delete(sig);
    }
  }

  /**
   * A self-signed certificate for the key, valid one day, as openssl writes it.
   *
   * @param format "PEM" or "DER"
   */
  public static Path certificate(KeyPair key, String subject, String format, Path out) {
    Command.ok(
        "openssl",
        "req",
        "-x509",
        "-key",
        key.privateKey().toString(),
        "-subj",
        "/CN=" + subject,
        "-days",
        "1",
        "-outform",
        format,
        "-out",
        out.toString());
    return out;
  }

  /** The DER SubjectPublicKeyInfo of a PEM public key, as openssl reads it. */
  public static byte[] publicKeyDer(Path publicKey) {
    return Command.ok("openssl", "pkey", "-pubin", "-in", publicKey.toString(), "-outform", "DER")
        .stdout();
  }

  private static Path tempFile() {
    try {
      return Files.createTempFile("openssl", ".bin");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // temp file
    }
  }
}
