package io.airlock.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.digest.HashAlgorithm;
import io.airlock.core.keys.PublicKeyReader;
import io.airlock.core.keys.TrustedKey;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.signing.BlobSigner;
import io.airlock.core.signing.PrivateKeyReader;
import io.airlock.core.signing.SigningKey;
import io.airlock.core.testing.Openssl;
import io.airlock.core.testing.Openssl.Kind;
import io.airlock.core.testing.RandomBytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Signatures made by the real openssl for every key type and hash, verified by Airlock; and
 * signatures made by Airlock, verified by openssl (cosign's check, done by another implementation).
 * Keys are made once for the class.
 */
class OpensslVectorsTest {

  private static final List<String> HASHES = List.of("sha256", "sha384", "sha512");

  @TempDir static Path dir;
  static final Map<Kind, Openssl.KeyPair> keys = new EnumMap<>(Kind.class);
  static Path blob;

  @BeforeAll
  static void keysAndBlob() throws Exception {
    for (Kind kind : Kind.values()) {
      keys.put(kind, Openssl.generate(kind, dir));
    }
    // several chunks, an odd tail
    blob = RandomBytes.write(dir.resolve("blob.bin"), 3 * FilePass.CHUNK + 12345, 7);
  }

  static Stream<Arguments> everyKindAndHash() {
    List<Arguments> out = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      for (String hash : kind.isEd25519() ? List.of("sha512") : HASHES) {
        out.add(Arguments.of(kind, hash));
      }
    }
    return out.stream();
  }

  /** What Airlock accepts without a pinned hash: the key's own hash or SHA-256. */
  private static boolean acceptedByDefault(Kind kind, String hash) {
    return switch (kind) {
      case P256, RSA2048, RSA3072 -> hash.equals("sha256");
      case P384 -> Set.of("sha256", "sha384").contains(hash);
      case P521 -> Set.of("sha256", "sha512").contains(hash);
      case ED25519 -> true;
    };
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("everyKindAndHash")
  void opensslSignatureVerifiesAsTheRuleSays(Kind kind, String hash) throws Exception {
    Path sig = writeBase64(Openssl.sign(keys.get(kind), hash, blob), kind + "-" + hash + ".sig");
    VerificationReport report = verify(keys.get(kind).publicKey(), blob, sig, null);
    assertEquals(acceptedByDefault(kind, hash), report.passed(), report.summary());
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("everyKindAndHash")
  void pinnedHashAcceptsExactlyThatHash(Kind kind, String hash) throws Exception {
    Path sig = writeBase64(Openssl.sign(keys.get(kind), hash, blob), kind + "-p-" + hash + ".sig");
    for (String pinned : HASHES) {
      VerificationReport report =
          verify(keys.get(kind).publicKey(), blob, sig, HashAlgorithm.fromId(pinned).orElseThrow());
      boolean expected = kind.isEd25519() || pinned.equals(hash);
      assertEquals(expected, report.passed(), kind + " signed " + hash + ", pinned " + pinned);
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void airlockSignatureVerifiesWithOpenssl(Kind kind) throws Exception {
    SigningKey key = PrivateKeyReader.read(keys.get(kind).privateKey(), confirm -> new byte[0]);
    BlobSigner.Signed signed = new BlobSigner(ProgressListener.NONE).sign(blob, key, null);
    String hash =
        switch (kind) {
          case P384 -> "sha384";
          case P521 -> "sha512";
          default -> "sha256";
        };
    assertTrue(
        Openssl.verify(keys.get(kind), hash, blob, signed.signature()),
        kind + " signature made by Airlock was refused by openssl");
    Path sig = writeBase64(signed.signature(), kind + "-airlock.sig");
    assertTrue(verify(keys.get(kind).publicKey(), blob, sig, null).passed());
  }

  @Test
  void pinnedSha256SignatureOfP384VerifiesWithOpensslSha256() throws Exception {
    SigningKey key = PrivateKeyReader.read(keys.get(Kind.P384).privateKey(), c -> new byte[0]);
    byte[] sig =
        new BlobSigner(ProgressListener.NONE).sign(blob, key, HashAlgorithm.SHA256).signature();
    assertTrue(Openssl.verify(keys.get(Kind.P384), "sha256", blob, sig));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void fingerprintIsSha256OfTheDerKeyAsOpensslReadsIt(Kind kind) throws Exception {
    TrustedKey key = PublicKeyReader.read(keys.get(kind).publicKey());
    String expected =
        "sha256:"
            + HexFormat.of()
                .formatHex(
                    HashAlgorithm.SHA256
                        .newDigest()
                        .digest(Openssl.publicKeyDer(keys.get(kind).publicKey())));
    assertEquals(expected, key.fingerprint());
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void crlfKeyAndCrlfSignatureStillVerify(Kind kind) throws Exception {
    Path pub = keys.get(kind).publicKey();
    Path crlfKey = dir.resolve(kind + "-crlf.pub");
    Files.writeString(crlfKey, Files.readString(pub).replace("\n", "\r\n"));
    String b64 = Base64.getEncoder().encodeToString(Openssl.sign(keys.get(kind), "sha256", blob));
    Path sig = dir.resolve(kind + "-crlf.sig");
    Files.writeString(
        sig, b64.substring(0, 40) + "\r\n" + b64.substring(40) + "\r\n", StandardCharsets.US_ASCII);
    assertTrue(verify(crlfKey, blob, sig, null).passed());
  }

  @Test
  void crlfBlobVerifiesOnlyWithItsOwnLineEnds() throws Exception {
    Openssl.KeyPair key = keys.get(Kind.P256);
    Path crlf = Files.writeString(dir.resolve("crlf.txt"), "line one\r\nline two\r\n");
    Path lf = Files.writeString(dir.resolve("lf.txt"), "line one\nline two\n");
    Path sig = writeBase64(Openssl.sign(key, "sha256", crlf), "crlf.txt.sig");
    assertTrue(verify(key.publicKey(), crlf, sig, null).passed());
    assertEquals(false, verify(key.publicKey(), lf, sig, null).passed());
  }

  @Test
  void rawBinarySignatureIsAcceptedAsCosignDoes() throws Exception {
    Openssl.KeyPair key = keys.get(Kind.P256);
    Path sig = Files.write(dir.resolve("raw.sig"), Openssl.sign(key, "sha256", blob));
    VerificationReport report = verify(key.publicKey(), blob, sig, null);
    assertTrue(report.passed(), report.summary());
    assertEquals("raw", report.signature().format());
  }

  @Test
  void keyDirectoryVerifiesWithWhicheverKeyMatches() throws Exception {
    Path keyDir = Files.createDirectories(dir.resolve("trusted"));
    for (Kind kind : List.of(Kind.P256, Kind.RSA2048, Kind.ED25519)) {
      Files.copy(keys.get(kind).publicKey(), keyDir.resolve(kind + ".pub"));
    }
    Files.writeString(keyDir.resolve("README.txt"), "vendor keys\n");
    Path sig = writeBase64(Openssl.sign(keys.get(Kind.ED25519), "sha512", blob), "dir.sig");
    List<String> warnings = new ArrayList<>();
    VerificationReport report =
        new Verification(
                e -> {
                  if (e instanceof io.airlock.core.progress.Notice n) {
                    warnings.add(n.message());
                  }
                })
            .run(VerificationRequest.builder().subject(blob).keys(keyDir).signature(sig).build());
    assertTrue(report.passed(), report.summary());
    assertEquals(3, report.keys().size());
    assertEquals(keyDir.resolve("ED25519.pub").toString(), report.signature().key().path());
    assertEquals(1, warnings.size(), warnings::toString);
    assertTrue(warnings.get(0).contains("README.txt holds no PEM block"), warnings::toString);
  }

  private static Path writeBase64(byte[] signature, String name) throws Exception {
    return Files.writeString(
        dir.resolve(name), Base64.getEncoder().encodeToString(signature) + "\n");
  }

  private static VerificationReport verify(Path key, Path file, Path sig, HashAlgorithm pinned)
      throws Exception {
    return Verifications.run(
        VerificationRequest.builder().subject(file).keys(key).signature(sig).pinnedHash(pinned));
  }
}
