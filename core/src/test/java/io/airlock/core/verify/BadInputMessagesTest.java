package io.airlock.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.BadInputException;
import io.airlock.core.CheckFailedException;
import io.airlock.core.keys.PublicKeyReader;
import io.airlock.core.testing.Command;
import io.airlock.core.testing.CosignFixtures;
import io.airlock.core.testing.Openssl;
import io.airlock.core.testing.Openssl.Kind;
import io.airlock.core.testing.RandomBytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per bad input, each asserting the exact message the user reads. Check failures (a
 * signature that cannot be right) come back in the report and as a {@link CheckFailedException};
 * unusable inputs throw {@link BadInputException} before any work.
 */
class BadInputMessagesTest {

  @TempDir static Path dir;
  static final Map<Kind, Openssl.KeyPair> keys = new EnumMap<>(Kind.class);
  static Path blob;

  @BeforeAll
  static void setUp() throws Exception {
    for (Kind kind : new Kind[] {Kind.P256, Kind.RSA2048, Kind.ED25519}) {
      keys.put(kind, Openssl.generate(kind, dir));
    }
    blob = RandomBytes.write(dir.resolve("bundle.tar"), 4096, 3);
  }

  // --- signatures that cannot be right: exit 1 ------------------------------------------------

  @Test
  void ed25519SignatureGivenToAnEcdsaKeyIsReadAsP1363AndSaysWhatElseItCouldBe() throws Exception {
    Path sig = base64Sig("ed-for-ec.sig", Openssl.sign(keys.get(Kind.ED25519), "", blob));
    String fingerprint = PublicKeyReader.read(keys.get(Kind.P256).publicKey()).fingerprint();
    assertSignatureFails(
        Kind.P256,
        sig,
        "the signature does not match: the file is not what was signed, or it was signed with"
            + " another key than p256.pub (ECDSA P-256, "
            + fingerprint.substring(0, 19)
            + "...) (the signature is not ASN.1, so it was read as IEEE P1363 r||s of 64 bytes,"
            + " as sigstore does; it is also a 64-byte value, the shape of an Ed25519"
            + " signature)");
  }

  @Test
  void ecdsaSignatureGivenToAnEd25519KeyIsTheWrongKeyType() throws Exception {
    Path sig = base64Sig("ec-for-ed.sig", Openssl.sign(keys.get(Kind.P256), "sha256", blob));
    assertSignatureFails(
        Kind.ED25519,
        sig,
        "wrong key type for the signature: it is an ECDSA signature (ASN.1 DER) but the key"
            + " ed25519.pub is Ed25519");
  }

  @Test
  void ecdsaSignatureGivenToAnRsaKeyIsTheWrongKeyType() throws Exception {
    Path sig = base64Sig("ec-for-rsa.sig", Openssl.sign(keys.get(Kind.P256), "sha256", blob));
    assertSignatureFails(
        Kind.RSA2048,
        sig,
        "wrong key type for the signature: it is an ECDSA signature (ASN.1 DER) but the key"
            + " rsa2048.pub is RSA 2048");
  }

  @Test
  void signatureThatIsNotBase64IsReadRawAndExplained() throws Exception {
    Path sig = Files.writeString(dir.resolve("text.sig"), "not a signature!\n");
    assertSignatureFails(
        Kind.P256,
        sig,
        "the signature file is not base64 (byte 4 is 0x20), so it was read as a raw binary"
            + " signature, and the signature is neither an ECDSA signature in ASN.1 DER (byte 1 is"
            + " 0x6e where a SEQUENCE should start) nor IEEE P1363 r||s (an even number of bytes,"
            + " at most 132)");
  }

  @Test
  void truncatedEcdsaSignatureSaysSo() throws Exception {
    byte[] der = Openssl.sign(keys.get(Kind.P256), "sha256", blob);
    byte[] cut = Arrays.copyOf(der, der.length - 10);
    Path sig = base64Sig("cut-ec.sig", cut);
    assertSignatureFails(
        Kind.P256,
        sig,
        "the signature is truncated: its DER header announces "
            + (der.length - 2)
            + " more bytes but only "
            + (cut.length - 2)
            + " are there");
  }

  @Test
  void truncatedEd25519SignatureSaysSo() throws Exception {
    byte[] full = Openssl.sign(keys.get(Kind.ED25519), "", blob);
    Path sig = base64Sig("cut-ed.sig", Arrays.copyOf(full, 40));
    assertSignatureFails(
        Kind.ED25519,
        sig,
        "the signature is truncated: it has 40 bytes, an Ed25519 signature has 64");
  }

  @Test
  void truncatedRsaSignatureSaysSo() throws Exception {
    byte[] full = Openssl.sign(keys.get(Kind.RSA2048), "sha256", blob);
    Path sig = base64Sig("cut-rsa.sig", Arrays.copyOf(full, 200));
    assertSignatureFails(
        Kind.RSA2048,
        sig,
        "the signature is truncated: it has 200 bytes, a signature of RSA 2048 has 256");
  }

  @Test
  void emptySignatureFileSaysSo() throws Exception {
    Path sig = Files.writeString(dir.resolve("empty.sig"), "\n");
    assertSignatureFails(Kind.P256, sig, "the signature is empty");
  }

  @Test
  void modifiedFileDoesNotMatch() throws Exception {
    Path copy = Files.write(dir.resolve("modified.tar"), Files.readAllBytes(blob));
    Path sig = base64Sig("modified.sig", Openssl.sign(keys.get(Kind.P256), "sha256", blob));
    Files.write(copy, new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);
    VerificationReport report = verify(copy, keys.get(Kind.P256).publicKey(), sig);
    String fingerprint = PublicKeyReader.read(keys.get(Kind.P256).publicKey()).fingerprint();
    assertEquals(
        "Signature check failed: "
            + sig
            + " does not verify "
            + copy
            + ": the signature does not match: the file is not what was signed, or it was signed"
            + " with another key than p256.pub (ECDSA P-256, "
            + fingerprint.substring(0, 19)
            + "...).",
        report.signature().message());
    CheckFailedException e = report.failure().orElseThrow();
    assertEquals(report.signature().message(), e.getMessage());
    assertTrue(e.hint().orElseThrow().startsWith("Do not install it."));
  }

  // --- keys that cannot be used: exit 2 --------------------------------------------------------

  @Test
  void privateKeyGivenAsThePublicKeyIsRefused() throws Exception {
    Path priv = keys.get(Kind.P256).privateKey();
    assertBadInput(
        VerificationRequest.builder().subject(blob).keys(priv).signature(anySig()).build(),
        priv
            + " is a private key (PEM 'PRIVATE KEY'), not a public key: verification needs only"
            + " the public key and must never be given the private one.");
  }

  @Test
  void cosignEncryptedPrivateKeyGivenAsThePublicKeyIsRefused() throws Exception {
    Path priv = CosignFixtures.root().resolve("encrypted-keys/cosign-keystest-sigstore-label.key");
    assertBadInput(
        VerificationRequest.builder().subject(blob).keys(priv).signature(anySig()).build(),
        priv
            + " is a private key (PEM 'ENCRYPTED SIGSTORE PRIVATE KEY'), not a public key:"
            + " verification needs only the public key and must never be given the private"
            + " one.");
  }

  @Test
  void certificateGivenAsTheKeyIsRefusedWithTheCommandToExtractIt() throws Exception {
    Path cert = Openssl.certificate(keys.get(Kind.P256), "vendor", "PEM", dir.resolve("cert.pem"));
    BadInputException e =
        assertBadInput(
            VerificationRequest.builder().subject(blob).keys(cert).signature(anySig()).build(),
            cert + " is a certificate, not a public key (cosign reads public keys only).");
    assertEquals(
        "Take the key out of it: openssl x509 -in " + cert + " -pubkey -noout > key.pub",
        e.hint().orElseThrow());
  }

  @Test
  void unsupportedCurveIsRefused() throws Exception {
    Path priv = dir.resolve("p224.pem");
    Path pub = dir.resolve("p224.pub");
    Command.ok(
        "openssl",
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-224",
        "-out",
        priv.toString());
    Command.ok("openssl", "pkey", "-in", priv.toString(), "-pubout", "-out", pub.toString());
    assertBadInput(
        VerificationRequest.builder().subject(blob).keys(pub).signature(anySig()).build(),
        pub + " is an ECDSA key on the curve secp224r1, which cosign does not accept.");
  }

  @Test
  void ed448KeyIsRefused() throws Exception {
    Path priv = dir.resolve("ed448.pem");
    Path pub = dir.resolve("ed448.pub");
    Command.ok("openssl", "genpkey", "-algorithm", "ED448", "-out", priv.toString());
    Command.ok("openssl", "pkey", "-in", priv.toString(), "-pubout", "-out", pub.toString());
    assertBadInput(
        VerificationRequest.builder().subject(blob).keys(pub).signature(anySig()).build(),
        pub + " is an Ed448 key, which cosign does not verify blobs with.");
  }

  @Test
  void weakRsaKeyIsRefused() throws Exception {
    Path priv = dir.resolve("rsa1024.pem");
    Path pub = dir.resolve("rsa1024.pub");
    Command.ok(
        "openssl",
        "genpkey",
        "-algorithm",
        "RSA",
        "-pkeyopt",
        "rsa_keygen_bits:1024",
        "-out",
        priv.toString());
    Command.ok("openssl", "pkey", "-in", priv.toString(), "-pubout", "-out", pub.toString());
    assertBadInput(
        VerificationRequest.builder().subject(blob).keys(pub).signature(anySig()).build(),
        pub + " is a 1024-bit RSA key; Airlock accepts RSA keys of 2048 to 16384 bits.");
  }

  @Test
  void keyFileWithoutPemIsRefused() throws Exception {
    Path key = Files.writeString(dir.resolve("notakey.pub"), "hello\n");
    assertBadInput(
        VerificationRequest.builder().subject(blob).keys(key).signature(anySig()).build(),
        key + " holds no PEM block, so it is not a public key.");
  }

  @Test
  void keyDirectoryWithoutKeysIsRefused() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("no-keys"));
    Files.writeString(empty.resolve("notes.txt"), "x\n");
    assertBadInput(
        VerificationRequest.builder().subject(blob).keys(empty).signature(anySig()).build(),
        "The key directory "
            + empty
            + " holds no usable public key: "
            + empty.resolve("notes.txt")
            + " holds no PEM block, so it is not a public key.");
  }

  @Test
  void missingKeyFileIsRefused() throws Exception {
    Path key = dir.resolve("absent.pub");
    assertBadInput(
        VerificationRequest.builder().subject(blob).keys(key).signature(anySig()).build(),
        "The public key file " + key + " does not exist.");
  }

  // --- files and usage: exit 2 -------------------------------------------------------------------

  @Test
  void missingFileToVerifyIsRefused() throws Exception {
    Path absent = dir.resolve("absent.tar");
    assertBadInput(
        VerificationRequest.builder().subject(absent).keys(keys.get(Kind.P256).publicKey()).build(),
        "The file to verify, " + absent + ", does not exist.");
  }

  @Test
  void missingDefaultSignatureFileNamesIt() throws Exception {
    assertBadInput(
        VerificationRequest.builder().subject(blob).keys(keys.get(Kind.P256).publicKey()).build(),
        "The signature file " + blob + ".sig does not exist.");
  }

  @Test
  void directoryCannotCarryASignature() throws Exception {
    assertBadInput(
        VerificationRequest.builder()
            .subject(dir)
            .keys(keys.get(Kind.P256).publicKey())
            .signature(anySig())
            .build(),
        dir + " is a directory; a signature covers one file.");
  }

  @Test
  void nothingToVerifyIsAUsageError() throws Exception {
    assertBadInput(VerificationRequest.builder().subject(blob).build(), "Nothing to verify.");
  }

  @Test
  void signatureWithoutAKeyIsAUsageError() throws Exception {
    assertBadInput(
        VerificationRequest.builder().subject(blob).signature(anySig()).build(),
        "A signature needs the key to check it with: the vendor's public key is missing.");
  }

  @Test
  void bundleThatIsNotJsonIsRefused() throws Exception {
    Path bundle = Files.writeString(dir.resolve("broken.sigstore.json"), "{\"mediaType\": ");
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () ->
                Verifications.run(
                    VerificationRequest.builder()
                        .subject(blob)
                        .keys(keys.get(Kind.P256).publicKey())
                        .sigstoreBundle(bundle)));
    assertTrue(
        e.getMessage()
            .startsWith(
                "The signature bundle " + bundle + " cannot be used: it is not" + " valid JSON"),
        e::getMessage);
  }

  // --- checksum files: exit 2 -------------------------------------------------------------------

  @Test
  void checksumLineMalformedAtLineNIsRefused() throws Exception {
    Path sums = dir.resolve("bad-sums.txt");
    Files.writeString(
        sums,
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  empty\n"
            + "\n"
            + "this line is not a checksum\n");
    assertBadInput(
        VerificationRequest.builder().checksums(sums).build(),
        "The checksum file "
            + sums
            + " is malformed at line 3: expected '<hex digest>  <file name>' as sha256sum and"
            + " sha512sum write it, found 'this line is not a checksum'.");
  }

  @Test
  void checksumWithAShaOneDigestIsRefused() throws Exception {
    Path sums = dir.resolve("sha1-sums.txt");
    Files.writeString(sums, "da39a3ee5e6b4b0d3255bfef95601890afd80709  empty\n");
    assertBadInput(
        VerificationRequest.builder().checksums(sums).build(),
        "Line 1 of the checksum file "
            + sums
            + " has a 40-digit digest (SHA-1); Airlock checks SHA-256 (64 digits), SHA-384 (96)"
            + " and SHA-512 (128) only.");
  }

  @Test
  void checksumNamingAFileOutsideItsDirectoryIsRefused() throws Exception {
    Path sums = dir.resolve("escape-sums.txt");
    Files.writeString(
        sums, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  ../etc/passwd\n");
    assertBadInput(
        VerificationRequest.builder().checksums(sums).build(),
        "Line 1 of the checksum file "
            + sums
            + " names ../etc/passwd, outside the checksum file's directory; Airlock checks only"
            + " files beside or below it.");
  }

  // --- helpers
  // ------------------------------------------------------------------------------------

  private static Path anySig() throws Exception {
    return base64Sig("any.sig", Openssl.sign(keys.get(Kind.P256), "sha256", blob));
  }

  private static Path base64Sig(String name, byte[] sig) throws Exception {
    return Files.writeString(dir.resolve(name), Base64.getEncoder().encodeToString(sig));
  }

  private static VerificationReport verify(Path file, Path key, Path sig) throws Exception {
    return Verifications.run(VerificationRequest.builder().subject(file).keys(key).signature(sig));
  }

  private static void assertSignatureFails(Kind kind, Path sig, String problem) throws Exception {
    VerificationReport report = verify(blob, keys.get(kind).publicKey(), sig);
    assertEquals(VerificationReport.FAILED, report.verdict());
    assertEquals(
        "Signature check failed: " + sig + " does not verify " + blob + ": " + problem + ".",
        report.signature().message());
    assertEquals(report.signature().message(), report.failure().orElseThrow().getMessage());
  }

  private static BadInputException assertBadInput(VerificationRequest request, String message) {
    BadInputException e = assertThrows(BadInputException.class, () -> Verifications.run(request));
    assertEquals(message, e.getMessage());
    return e;
  }
}
