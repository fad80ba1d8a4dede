package io.airlock.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airlock.core.BadInputException;
import io.airlock.core.digest.HashAlgorithm;
import io.airlock.core.oci.Json;
import io.airlock.core.testing.Openssl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What sigstore-go requires of a bundle before cosign verifies a blob with it, one rule per test:
 * each starts from a bundle that verifies, made here and signed by openssl, and breaks one thing. A
 * bundle sigstore-go does not load makes cosign fall back to its legacy reader, which finds no
 * signature: cosign rejects it, so Airlock must too.
 */
class SigstoreBundleRulesTest {

  @TempDir static Path dir;
  static Openssl.KeyPair key;
  static Path blob;
  static String signature;
  static String digest;
  static String certificate;
  static int counter;

  @BeforeAll
  static void setUp() throws Exception {
    key = Openssl.generate(Openssl.Kind.P256, dir);
    blob = Files.writeString(dir.resolve("airgap-bundle-1.2.3.tar"), "pretend bundle\n");
    signature = b64(Openssl.sign(key, "sha256", blob));
    digest = b64(HashAlgorithm.SHA256.newDigest().digest(Files.readAllBytes(blob)));
    certificate =
        b64(Files.readAllBytes(Openssl.certificate(key, "keyless", "DER", dir.resolve("c.der"))));
  }

  @Test
  void theUnbrokenBundleVerifies() throws Exception {
    VerificationReport r = verify(bundle(b -> {}));
    assertTrue(r.passed(), r.summary());
    assertEquals("sigstore bundle v0.3", r.signature().format());
    assertEquals("present, not verified (offline)", r.signature().transparencyLog());
  }

  @Test
  void protoFieldNamesAndUrlSafeUnpaddedBase64AreReadAsProtojsonReadsThem() throws Exception {
    String url = signature.replace('+', '-').replace('/', '_').replace("=", "");
    Path b =
        bundle(
            x -> {
              x.set("verification_material", x.remove("verificationMaterial"));
              ObjectNode m = (ObjectNode) x.remove("messageSignature");
              m.put("signature", url);
              m.set("message_digest", m.remove("messageDigest"));
              x.set("message_signature", m);
            });
    assertTrue(verify(b).passed());
  }

  @Test
  void missingVerificationMaterialIsRefused() throws Exception {
    assertRefused(
        bundle(b -> b.remove("verificationMaterial")),
        "it has no verificationMaterial saying which key or certificate signed it (sigstore-go:"
            + " validation error: missing verification material)");
  }

  @Test
  void verificationMaterialWithOnlyTlogEntriesIsRefused() throws Exception {
    assertRefused(
        bundle(b -> material(b).remove("publicKey")),
        "it has no verificationMaterial saying which key or certificate signed it (sigstore-go:"
            + " validation error: missing verification material)");
  }

  @Test
  void messageSignatureWithoutItsDigestIsRefused() throws Exception {
    assertRefused(
        bundle(b -> ((ObjectNode) b.get("messageSignature")).remove("messageDigest")),
        "its messageSignature has no messageDigest (sigstore-go: validation error: missing"
            + " verification material)");
  }

  @Test
  void noContentIsRefused() throws Exception {
    assertRefused(
        bundle(b -> b.remove("messageSignature")),
        "it has neither a messageSignature nor a dsseEnvelope (sigstore-go: validation error:"
            + " missing bundle content)");
  }

  @Test
  void unknownFieldIsRefused() throws Exception {
    assertRefused(
        bundle(b -> material(b).put("note", "x")),
        "its field verificationMaterial.note is not part of the Sigstore bundle format"
            + " (protojson: unknown field \"note\")");
  }

  @Test
  void twoMembersOfOneOneofAreRefused() throws Exception {
    assertRefused(
        bundle(b -> material(b).putObject("certificate").put("rawBytes", certificate)),
        "it has both verificationMaterial.publicKey and verificationMaterial.certificate, of"
            + " which the format allows one (protojson: oneof VerificationMaterial.content is"
            + " already set)");
  }

  @Test
  void fieldGivenTwiceUnderBothNamesIsRefused() throws Exception {
    assertRefused(
        bundle(b -> b.put("media_type", b.get("mediaType").asText())),
        "its field media_type is given twice (protojson: duplicate field)");
  }

  @Test
  void wrongValueTypeIsRefused() throws Exception {
    assertRefused(
        bundle(b -> entry(b).put("logIndex", "seven")),
        "its verificationMaterial.tlogEntries[0].logIndex is not an integer (protojson: invalid"
            + " value for verificationMaterial.tlogEntries[0].logIndex)");
  }

  @Test
  void versionNewerThanCosignReadsIsRefused() throws Exception {
    assertRefused(
        bundle(b -> b.put("mediaType", "application/vnd.dev.sigstore.bundle.v0.4+json")),
        "its bundle version v0.4 is newer than cosign reads (sigstore-go: bundle version v0.4 is"
            + " not yet supported)");
  }

  @Test
  void versionThatIsNotSemverIsRefused() throws Exception {
    assertRefused(
        bundle(b -> b.put("mediaType", "application/vnd.dev.sigstore.bundle.v0.03+json")),
        "its mediaType names the version 'v0.03', which is not a version (sigstore-go: validation"
            + " error: unsupported media type: invalid bundle version)");
  }

  @Test
  void v01EntryWithoutInclusionPromiseIsRefused() throws Exception {
    assertRefused(
        bundleOfVersion("0.1", "inclusionPromise"),
        "its transparency-log entry has no inclusionPromise, which a v0.1 bundle must have"
            + " (sigstore-go: inclusion promises missing in bundle (required for bundle v0.1))");
  }

  @Test
  void v01EntryWithAPromiseVerifies() throws Exception {
    Path b = bundleOfVersion("0.1", "inclusionProof");
    VerificationReport r = verify(b);
    assertTrue(r.passed(), r.summary());
    assertEquals("sigstore bundle v0.1", r.signature().format());
  }

  @Test
  void v02EntryWithoutInclusionProofIsRefused() throws Exception {
    assertRefused(
        bundleOfVersion("0.2", "inclusionProof"),
        "its transparency-log entry has no inclusionProof, which a bundle of v0.2 or later must"
            + " have (sigstore-go: inclusion proof missing in bundle (required for bundle v0.2))");
  }

  @Test
  void inclusionProofWithoutCheckpointIsRefused() throws Exception {
    assertRefused(
        bundle(b -> ((ObjectNode) entry(b).get("inclusionProof")).remove("checkpoint")),
        "its verificationMaterial.tlogEntries[0].inclusionProof has no checkpoint (sigstore-go:"
            + " inclusion proof missing required checkpoint)");
  }

  @Test
  void entryWithoutLogIdIsRefused() throws Exception {
    assertRefused(
        bundle(b -> entry(b).remove("logId")),
        "its verificationMaterial.tlogEntries[0] lacks logId.keyId (sigstore-go: validation"
            + " error: nil value in transaction log entry)");
  }

  @Test
  void entryWhoseBodyIsAnotherKindIsRefused() throws Exception {
    assertRefused(
        bundle(b -> ((ObjectNode) entry(b).get("kindVersion")).put("kind", "dsse")),
        "its verificationMaterial.tlogEntries[0] says it is dsse/0.0.1 but its body is"
            + " hashedrekord/0.0.1 (sigstore-go: kind and version mismatch)");
  }

  @Test
  void certificateChainInAV03BundleIsRefused() throws Exception {
    assertRefused(
        bundle(
            b -> {
              material(b).remove("publicKey");
              material(b)
                  .putObject("x509CertificateChain")
                  .putArray("certificates")
                  .addObject()
                  .put("rawBytes", certificate);
            }),
        "its verificationMaterial is a certificate chain, which a v0.3 bundle may not carry"
            + " (sigstore-go: verification material cannot be X.509 certificate chain (for bundle"
            + " v0.3))");
  }

  @Test
  void keylessBundleCheckedWithAKeyFailsAsCosignFailsIt() throws Exception {
    Path b =
        bundle(
            x -> {
              material(x).remove("publicKey");
              material(x).putObject("certificate").put("rawBytes", certificate);
            });
    VerificationReport r = verify(b);
    assertEquals(VerificationReport.FAILED, r.verdict());
    assertEquals(
        "Signature check failed: "
            + b
            + " does not verify "
            + blob
            + ": the bundle was signed keyless, with a certificate, not with a key; cosign"
            + " verify-blob with a key refuses such a bundle (sigstore-go: expected key"
            + " signature, not certificate).",
        r.signature().message());
  }

  @Test
  void dsseEnvelopeWithTwoSignaturesIsRefused() throws Exception {
    assertRefused(
        dsse("application/vnd.in-toto+json", 2),
        "its dsseEnvelope has 2 signatures; a Sigstore bundle's envelope must have exactly one"
            + " (sigstore-go: exactly one signature is required)");
  }

  @Test
  void dsseEnvelopeThatIsNotInTotoIsRefused() throws Exception {
    assertRefused(
        dsse("text/plain", 1),
        "its dsseEnvelope's payloadType is 'text/plain', not application/vnd.in-toto+json, so it"
            + " says nothing cosign can check about a file (sigstore-go: unsupported media type)");
  }

  @Test
  void inTotoStatementWithAFieldItDoesNotHaveIsRefused() throws Exception {
    byte[] payload =
        ("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"a\","
                + "\"digest\":{\"sha256\":\"00\"},\"size\":3}],\"predicateType\":\"x\"}")
            .getBytes(StandardCharsets.UTF_8);
    assertRefused(
        bundle(
            b -> {
              b.remove("messageSignature");
              ObjectNode env = b.putObject("dsseEnvelope");
              env.put("payload", b64(payload)).put("payloadType", "application/vnd.in-toto+json");
              env.putArray("signatures").addObject().put("sig", signature);
            }),
        "its dsseEnvelope's in-toto statement does not load: its field statement.subject[0].size"
            + " is not part of an in-toto statement (protojson: unknown field \"size\")");
  }

  // --- helpers -----------------------------------------------------------------------------------

  /** A v0.3 bundle signed by {@link #key}, with one Rekor entry, changed by {@code change}. */
  private static Path bundle(Consumer<ObjectNode> change) throws Exception {
    ObjectNode b = Json.MAPPER.createObjectNode();
    b.put("mediaType", "application/vnd.dev.sigstore.bundle.v0.3+json");
    ObjectNode material = b.putObject("verificationMaterial");
    material.putObject("publicKey").put("hint", "vendor");
    ObjectNode entry = material.putArray("tlogEntries").addObject();
    entry.put("logIndex", "771488337");
    entry.putObject("logId").put("keyId", b64("log".getBytes(StandardCharsets.UTF_8)));
    entry.putObject("kindVersion").put("kind", "hashedrekord").put("version", "0.0.1");
    entry.put("integratedTime", "1700000000");
    entry.putObject("inclusionPromise").put("signedEntryTimestamp", b64(new byte[] {1, 2}));
    ObjectNode proof = entry.putObject("inclusionProof");
    proof.put("logIndex", "649584075").put("rootHash", b64(new byte[32])).put("treeSize", "9");
    proof.putArray("hashes").add(b64(new byte[32]));
    proof.putObject("checkpoint").put("envelope", "rekor.sigstore.dev - 1\n9\nAAAA\n");
    entry.put(
        "canonicalizedBody",
        b64(
            "{\"apiVersion\":\"0.0.1\",\"kind\":\"hashedrekord\",\"spec\":{}}"
                .getBytes(StandardCharsets.UTF_8)));
    ObjectNode message = b.putObject("messageSignature");
    message.putObject("messageDigest").put("algorithm", "SHA2_256").put("digest", digest);
    message.put("signature", signature);
    change.accept(b);
    return Files.writeString(dir.resolve("b" + (counter++) + ".sigstore.json"), b.toString());
  }

  private static Path dsse(String payloadType, int signatures) throws Exception {
    byte[] payload = "{\"_type\":\"https://in-toto.io/Statement/v1\"}".getBytes();
    return bundle(
        b -> {
          b.remove("messageSignature");
          ObjectNode env = b.putObject("dsseEnvelope");
          env.put("payload", b64(payload)).put("payloadType", payloadType);
          ArrayNode sigs = env.putArray("signatures");
          for (int i = 0; i < signatures; i++) {
            sigs.addObject().put("sig", signature);
          }
        });
  }

  private static ObjectNode material(ObjectNode b) {
    return (ObjectNode) b.get("verificationMaterial");
  }

  /** The bundle as bundle format {@code version} has it, its log entry without {@code field}. */
  private static Path bundleOfVersion(String version, String field) throws Exception {
    return bundle(
        b -> {
          b.put("mediaType", "application/vnd.dev.sigstore.bundle+json;version=" + version);
          entry(b).remove(field);
        });
  }

  private static ObjectNode entry(ObjectNode b) {
    return (ObjectNode) material(b).get("tlogEntries").get(0);
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static VerificationReport verify(Path bundle) throws Exception {
    return Verifications.run(
        VerificationRequest.builder().subject(blob).keys(key.publicKey()).sigstoreBundle(bundle));
  }

  private static void assertRefused(Path bundle, String why) {
    BadInputException e = assertThrows(BadInputException.class, () -> verify(bundle));
    assertEquals(
        "The signature bundle " + bundle + " cannot be used: " + why + ".", e.getMessage());
  }
}
