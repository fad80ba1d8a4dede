package io.airlock.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airlock.core.digest.HashAlgorithm;
import io.airlock.core.oci.Json;
import io.airlock.core.testing.CosignFixtures;
import io.airlock.core.testing.Openssl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bundles beyond the real managed-key one: a DSSE (in-toto) bundle as {@code cosign attest-blob}
 * makes, cosign's legacy {@code --bundle} file, an Ed25519ph signature as cosign v3 makes, and a
 * bundle checked against a file it was not made for.
 */
class SigstoreBundleTest {

  @TempDir static Path dir;
  static Openssl.KeyPair key;
  static Path blob;

  @BeforeAll
  static void setUp() throws Exception {
    key = Openssl.generate(Openssl.Kind.P256, dir);
    blob = Files.writeString(dir.resolve("airgap-bundle-1.2.3.tar"), "pretend bundle\n");
  }

  @Test
  void dsseEnvelopeWithTheFileAsSubjectVerifies() throws Exception {
    Path bundle = dsseBundle(blob, "dsse.sigstore.json");
    VerificationReport r = verify(blob, bundle);
    assertTrue(r.passed(), r.summary());
    assertEquals("ECDSA P-256 with SHA-256, DSSE envelope", r.signature().scheme());
  }

  @Test
  void dsseEnvelopeForAnotherFileFails() throws Exception {
    Path bundle = dsseBundle(blob, "dsse2.sigstore.json");
    Path other = Files.writeString(dir.resolve("other.tar"), "another bundle\n");
    VerificationReport r = verify(other, bundle);
    assertEquals(
        "Signature check failed: "
            + bundle
            + " does not verify "
            + other
            + ": the bundle records the SHA-256 digest "
            + sha256Hex(blob)
            + " but "
            + other
            + " hashes to "
            + sha256Hex(other)
            + ": the bundle was made for another file.",
        r.signature().message());
  }

  @Test
  void realBundleCheckedAgainstAnotherFileNamesBothDigests() throws Exception {
    Path vector = CosignFixtures.root().resolve("vectors/14-real-bundle-managed-key");
    Path other = Files.writeString(dir.resolve("a.txt"), "not the signed text\n");
    VerificationReport r =
        Verifications.run(
            VerificationRequest.builder()
                .subject(other)
                .keys(vector.resolve("key.pub"))
                .sigstoreBundle(vector.resolve("blob.sigstore.json")));
    assertEquals(VerificationReport.FAILED, r.verdict());
    assertTrue(
        r.signature().message().endsWith(": the bundle was made for another file."),
        r.signature().message());
    assertTrue(
        r.signature()
            .message()
            .contains("the bundle records the SHA-256 digest " + sha256Hex(vector.resolve("blob"))),
        r.signature().message());
  }

  @Test
  void legacyCosignBundleVerifies() throws Exception {
    ObjectNode legacy = Json.MAPPER.createObjectNode();
    legacy.put(
        "base64Signature", Base64.getEncoder().encodeToString(Openssl.sign(key, "sha256", blob)));
    legacy.put("cert", "");
    Path bundle = Files.writeString(dir.resolve("legacy.bundle"), legacy.toString());
    VerificationReport r = verify(blob, bundle);
    assertTrue(r.passed(), r.summary());
    assertEquals("cosign bundle (legacy)", r.signature().format());
  }

  @Test
  void detachedEd25519phSignatureIsRefusedAsCosignRefusesIt() throws Exception {
    Path sigFile =
        Files.writeString(
            dir.resolve("ph.sig"), Base64.getEncoder().encodeToString(ed25519ph(blob)));
    VerificationReport r =
        Verifications.run(
            VerificationRequest.builder().subject(blob).keys(edPublicKey()).signature(sigFile));
    assertEquals(VerificationReport.FAILED, r.verdict());
    assertEquals(
        "Signature check failed: "
            + sigFile
            + " does not verify "
            + blob
            + ": the signature is Ed25519ph (over a SHA-512 prehash, as cosign v3 makes for"
            + " Sigstore bundles), and cosign verify-blob accepts a detached Ed25519 signature"
            + " only in the pure Ed25519 scheme.",
        r.signature().message());
  }

  @Test
  void ed25519phMessageSignatureInABundleVerifies() throws Exception {
    byte[] sha512 = HashAlgorithm.SHA512.newDigest().digest(Files.readAllBytes(blob));
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("mediaType", "application/vnd.dev.sigstore.bundle.v0.3+json");
    root.putObject("verificationMaterial").putObject("publicKey").put("hint", "");
    ObjectNode message = root.putObject("messageSignature");
    ObjectNode digest = message.putObject("messageDigest");
    digest.put("algorithm", "SHA2_512");
    digest.put("digest", Base64.getEncoder().encodeToString(sha512));
    message.put("signature", Base64.getEncoder().encodeToString(ed25519ph(blob)));
    Path bundle = Files.writeString(dir.resolve("ph.sigstore.json"), root.toString());
    VerificationReport r =
        Verifications.run(
            VerificationRequest.builder().subject(blob).keys(edPublicKey()).sigstoreBundle(bundle));
    assertTrue(r.passed(), r.summary());
    assertEquals("Ed25519ph (SHA-512 prehash)", r.signature().scheme());
  }

  private static final byte[] ED_SEED = new byte[32];

  static {
    ED_SEED[5] = 9;
  }

  /** Ed25519ph with an empty context, as cosign v3 signs a blob for a Sigstore bundle. */
  private static byte[] ed25519ph(Path file) throws Exception {
    byte[] ph = HashAlgorithm.SHA512.newDigest().digest(Files.readAllBytes(file));
    byte[] sig = new byte[64];
    org.bouncycastle.math.ec.rfc8032.Ed25519.signPrehash(ED_SEED, 0, new byte[0], ph, 0, sig, 0);
    return sig;
  }

  private static Path edPublicKey() throws Exception {
    byte[] pk = new byte[32];
    org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(ED_SEED, 0, pk, 0);
    byte[] spki =
        HexFormat.of().parseHex("302a300506032b6570032100" + HexFormat.of().formatHex(pk));
    return Files.writeString(
        dir.resolve("ed.pub"),
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getEncoder().encodeToString(spki)
            + "\n-----END PUBLIC KEY-----\n");
  }

  private static Path dsseBundle(Path subject, String name) throws Exception {
    ObjectNode statement = Json.MAPPER.createObjectNode();
    statement.put("_type", "https://in-toto.io/Statement/v1");
    ObjectNode s = statement.putArray("subject").addObject();
    s.put("name", subject.getFileName().toString());
    s.putObject("digest").put("sha256", sha256Hex(subject));
    statement.put("predicateType", "https://slsa.dev/provenance/v1");
    statement.putObject("predicate");
    byte[] payload = statement.toString().getBytes(StandardCharsets.UTF_8);
    String type = "application/vnd.in-toto+json";
    Path pae = dir.resolve(name + ".pae");
    Files.write(pae, new SigstoreBundle.Envelope(type, payload, java.util.List.of()).pae());
    byte[] sig = Openssl.sign(key, "sha256", pae);
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("mediaType", "application/vnd.dev.sigstore.bundle.v0.3+json");
    root.putObject("verificationMaterial").putObject("publicKey").put("hint", "");
    ObjectNode env = root.putObject("dsseEnvelope");
    env.put("payload", Base64.getEncoder().encodeToString(payload));
    env.put("payloadType", type);
    env.putArray("signatures").addObject().put("sig", Base64.getEncoder().encodeToString(sig));
    return Files.writeString(dir.resolve(name), root.toString());
  }

  private static String sha256Hex(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(HashAlgorithm.SHA256.newDigest().digest(Files.readAllBytes(file)));
  }

  private static VerificationReport verify(Path file, Path bundle) throws Exception {
    return Verifications.run(
        VerificationRequest.builder().subject(file).keys(key.publicKey()).sigstoreBundle(bundle));
  }
}
