package io.airlock.core.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.BadInputException;
import io.airlock.core.keys.KeyType;
import io.airlock.core.keys.Pem;
import io.airlock.core.keys.PublicKeyReader;
import io.airlock.core.keys.TrustedKey;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.testing.Command;
import io.airlock.core.testing.CosignFixtures;
import io.airlock.core.testing.CosignFixtures.EncryptedKey;
import io.airlock.core.testing.Openssl;
import io.airlock.core.verify.Verification;
import io.airlock.core.verify.VerificationReport;
import io.airlock.core.verify.VerificationRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * cosign's encrypted private key format: real keys made by cosign and sigstore-rs must load with
 * their password (and yield the public key the fixture names), fail with a wrong one; keys Airlock
 * writes must decrypt to a standard PKCS#8 key that openssl reads, and sign what openssl verifies.
 */
class CosignKeyFormatTest {

  @TempDir Path dir;

  static Stream<EncryptedKey> fixtureKeys() {
    return CosignFixtures.encryptedKeys().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtureKeys")
  void realCosignKeysLoadAsTheFixtureSays(EncryptedKey k) throws Exception {
    byte[] password = k.password().getBytes(StandardCharsets.UTF_8);
    String name = k.file().getFileName() + " with password '" + k.password() + "'";
    switch (k.expected()) {
      case "ok" -> {
        SigningKey key = PrivateKeyReader.read(k.file(), confirm -> password);
        assertEquals("sha256:" + k.spkiSha256(), key.publicKey().fingerprint(), name);
        KeyType expectedType =
            switch (k.keyType()) {
              case "ecdsa-p256" -> KeyType.ECDSA_P256;
              case "ed25519" -> KeyType.ED25519;
              default -> KeyType.RSA;
            };
        assertEquals(expectedType, key.type(), name);
      }
      case "bad-password" -> {
        BadInputException e =
            assertThrows(
                BadInputException.class, () -> PrivateKeyReader.read(k.file(), c -> password));
        assertEquals(
            "Wrong password for the private key " + k.file() + " (it does not decrypt).",
            e.getMessage());
      }
      case "unsupported-inner" -> {
        BadInputException e =
            assertThrows(
                BadInputException.class, () -> PrivateKeyReader.read(k.file(), c -> password));
        assertEquals(
            "Cannot use the private key "
                + k.file()
                + ": it decrypts, but holds a SEC1 'EC PRIVATE KEY' instead of PKCS#8, which"
                + " cosign cannot use either.",
            e.getMessage());
      }
      default -> throw new AssertionError("unknown expectation " + k.expected());
    }
  }

  @Test
  void signatureMadeWithARealCosignKeyVerifiesWithItsPublicKey() throws Exception {
    Path keyFile =
        CosignFixtures.root()
            .resolve("encrypted-keys/sigstore-rs-cosign-generated-empty-password.key");
    SigningKey key = PrivateKeyReader.read(keyFile, c -> new byte[0]);
    Path blob = Files.writeString(dir.resolve("blob.txt"), "hello\r\n");
    byte[] sig = new BlobSigner(ProgressListener.NONE).sign(blob, key, null).signature();
    Path pub = Files.write(dir.resolve("cosign.pub"), pemPublic(key.publicKey()));
    assertTrue(Openssl.verify(false, pub, "sha256", blob, sig));
  }

  @ParameterizedTest
  @EnumSource(
      value = SigningAlgorithm.class,
      names = {"ECDSA_P256", "ECDSA_P384", "ECDSA_P521", "ED25519", "RSA_2048"})
  void generatedKeyPairIsCosignFormatAndSignsWhatOpensslVerifies(SigningAlgorithm algorithm)
      throws Exception {
    String prefix = dir.resolve("release-" + algorithm.flag()).toString();
    byte[] password = "correct horse".getBytes(StandardCharsets.UTF_8);
    KeyPairs.Written written = KeyPairs.generate(prefix, algorithm, password);

    String keyText = Files.readString(written.privateKey());
    assertTrue(keyText.startsWith("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n"), keyText);
    String json =
        new String(
            Base64.getMimeDecoder()
                .decode(
                    keyText
                        .replace("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----", "")
                        .replace("-----END ENCRYPTED SIGSTORE PRIVATE KEY-----", "")),
            StandardCharsets.UTF_8);
    assertTrue(
        json.startsWith(
            "{\"kdf\":{\"name\":\"scrypt\",\"params\":{\"N\":65536,\"r\":8,\"p\":1},\"salt\":\""),
        json);
    assertTrue(json.contains("\"cipher\":{\"name\":\"nacl/secretbox\",\"nonce\":\""), json);
    assertEquals(
        "rw-------",
        java.nio.file.attribute.PosixFilePermissions.toString(
            Files.getPosixFilePermissions(written.privateKey())));

    // The plaintext is a standard PKCS#8 key: openssl derives the same public key from it.
    byte[] pkcs8 =
        EncryptedKeyFile.decrypt(
            written.privateKey(),
            Base64.getMimeDecoder()
                .decode(
                    keyText
                        .replace("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----", "")
                        .replace("-----END ENCRYPTED SIGSTORE PRIVATE KEY-----", "")),
            password);
    Path der = Files.write(dir.resolve("inner.der"), pkcs8);
    byte[] opensslPublic =
        Command.ok("openssl", "pkey", "-inform", "DER", "-in", der.toString(), "-pubout").stdout();
    TrustedKey fromOpenssl = PublicKeyReader.parse(dir.resolve("openssl.pub"), opensslPublic);
    assertEquals(written.key().fingerprint(), fromOpenssl.fingerprint());
    assertEquals(
        written.key().fingerprint(), PublicKeyReader.read(written.publicKey()).fingerprint());

    SigningKey key = PrivateKeyReader.read(written.privateKey(), c -> password);
    Path blob = Files.write(dir.resolve("blob"), new byte[] {1, 2, 3, '\r', '\n'});
    byte[] sig = new BlobSigner(ProgressListener.NONE).sign(blob, key, null).signature();
    String hash = algorithm.keyType().isEcdsa() ? algorithm.keyType().defaultHash().id() : "sha256";
    assertTrue(
        Openssl.verify(
            algorithm.keyType() == KeyType.ED25519, written.publicKey(), hash, blob, sig),
        "openssl refused the signature");

    Files.writeString(dir.resolve("blob.sig"), Base64.getEncoder().encodeToString(sig));
    VerificationReport report =
        new Verification(ProgressListener.NONE)
            .run(VerificationRequest.builder().subject(blob).keys(written.publicKey()).build());
    assertTrue(report.passed(), report.summary());
    Files.delete(der);
  }

  @Test
  void keygenNeverOverwritesAKey() throws Exception {
    String prefix = dir.resolve("cosign").toString();
    Files.writeString(Path.of(prefix + ".pub"), "old\n");
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () -> KeyPairs.generate(prefix, SigningAlgorithm.ECDSA_P256, new byte[0]));
    assertEquals(prefix + ".pub already exists; Airlock never overwrites a key.", e.getMessage());
    assertFalse(Files.exists(Path.of(prefix + ".key")));
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(1, left.count(), "no partial files are left behind");
    }
  }

  @Test
  void publicKeyGivenToSignIsRefused() throws Exception {
    Path pub = CosignFixtures.root().resolve("vectors/01-real-cosign-p256-crlf-blob/key.pub");
    BadInputException e =
        assertThrows(BadInputException.class, () -> PrivateKeyReader.read(pub, c -> new byte[0]));
    assertEquals(
        pub + " is a public key; signing needs the private key (the .key file).", e.getMessage());
  }

  private static byte[] pemPublic(TrustedKey key) {
    return Pem.encode("PUBLIC KEY", key.spki()).getBytes(StandardCharsets.US_ASCII);
  }
}
