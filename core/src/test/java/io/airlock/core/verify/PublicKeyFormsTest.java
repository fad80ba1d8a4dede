package io.airlock.core.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.BadInputException;
import io.airlock.core.digest.HashAlgorithm;
import io.airlock.core.keys.PublicKeyReader;
import io.airlock.core.testing.Command;
import io.airlock.core.testing.Openssl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PEM forms sigstore's {@code cryptoutils.UnmarshalPEMToPublicKey} reads, and only those: a
 * {@code PUBLIC KEY} block (PKIX) or an {@code RSA PUBLIC KEY} block (PKCS#1), as the first block
 * of the file. Keys are made by openssl, which is also the oracle for the fingerprint.
 */
class PublicKeyFormsTest {

  @TempDir static Path dir;
  static Openssl.KeyPair rsa;
  static Openssl.KeyPair p256;
  static Path blob;

  @BeforeAll
  static void setUp() throws Exception {
    rsa = Openssl.generate(Openssl.Kind.RSA2048, dir);
    p256 = Openssl.generate(Openssl.Kind.P256, dir);
    blob = Files.writeString(dir.resolve("blob.txt"), "signed by the vendor\n");
  }

  @Test
  void pkcs1RsaPublicKeyVerifiesWithTheFingerprintOfItsPkixForm() throws Exception {
    Path pkcs1 = dir.resolve("rsa-pkcs1.pub");
    Command.ok(
        "openssl",
        "rsa",
        "-pubin",
        "-in",
        rsa.publicKey().toString(),
        "-RSAPublicKey_out",
        "-out",
        pkcs1.toString());
    assertTrue(Files.readString(pkcs1).startsWith("-----BEGIN RSA PUBLIC KEY-----\n"));
    Path sig =
        Files.writeString(
            dir.resolve("rsa.sig"),
            Base64.getEncoder().encodeToString(Openssl.sign(rsa, "sha256", blob)));

    VerificationReport report =
        Verifications.run(VerificationRequest.builder().subject(blob).keys(pkcs1).signature(sig));

    assertTrue(report.passed(), report.summary());
    assertEquals("RSA 2048 with SHA-256", report.signature().scheme());
    // openssl reads the PKCS#1 file too and prints the same DER as for the PKIX one
    byte[] opensslDer = Openssl.publicKeyDer(pkcs1);
    assertArrayEquals(Openssl.publicKeyDer(rsa.publicKey()), opensslDer);
    assertEquals(
        "sha256:" + HexFormat.of().formatHex(HashAlgorithm.SHA256.newDigest().digest(opensslDer)),
        report.signature().key().fingerprint());
  }

  @Test
  void anyOtherPemLabelIsRefusedAsSigstoreDoes() throws Exception {
    Path ec =
        Files.writeString(
            dir.resolve("ec-label.pub"),
            Files.readString(p256.publicKey()).replace("PUBLIC KEY", "EC PUBLIC KEY"));
    BadInputException e = assertThrows(BadInputException.class, () -> PublicKeyReader.read(ec));
    assertEquals(
        ec
            + " holds a PEM 'EC PUBLIC KEY' block; cosign, like Airlock, reads only 'PUBLIC KEY'"
            + " and 'RSA PUBLIC KEY' blocks (sigstore: unknown Public key PEM file type).",
        e.getMessage());
  }

  @Test
  void onlyTheFirstBlockCounts() throws Exception {
    Path cert = Openssl.certificate(p256, "vendor", "PEM", dir.resolve("cert-then-key.pem"));
    Files.writeString(
        cert,
        Files.readString(cert) + Files.readString(p256.publicKey()),
        java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
    BadInputException e = assertThrows(BadInputException.class, () -> PublicKeyReader.read(cert));
    assertTrue(e.getMessage().contains("is a certificate, not a public key"), e::getMessage);
  }

  @Test
  void rsaPublicKeyBlockHoldingPkixIsDamaged() throws Exception {
    String pkix = Files.readString(rsa.publicKey());
    Path wrong =
        Files.writeString(
            dir.resolve("pkix-as-pkcs1.pub"), pkix.replace("PUBLIC KEY", "RSA PUBLIC KEY"));
    BadInputException e = assertThrows(BadInputException.class, () -> PublicKeyReader.read(wrong));
    assertEquals(
        wrong
            + " does not hold a valid public key: its 'RSA PUBLIC KEY' block is not a PKCS#1 RSA"
            + " public key.",
        e.getMessage());
  }

  @Test
  void pkixRsaKeyWithoutNullParametersIsRefusedAsGoRefusesIt() throws Exception {
    SubjectPublicKeyInfo info =
        SubjectPublicKeyInfo.getInstance(Openssl.publicKeyDer(rsa.publicKey()));
    byte[] noParams =
        new SubjectPublicKeyInfo(
                new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption), info.parsePublicKey())
            .getEncoded();
    Path key =
        Files.writeString(
            dir.resolve("rsa-no-null.pub"),
            "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(noParams)
                + "\n-----END PUBLIC KEY-----\n");
    BadInputException e = assertThrows(BadInputException.class, () -> PublicKeyReader.read(key));
    assertEquals(
        key
            + " does not hold a valid public key: its RSA algorithm identifier lacks the NULL"
            + " parameters.",
        e.getMessage());
  }
}
