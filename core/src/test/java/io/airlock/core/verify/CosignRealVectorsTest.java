package io.airlock.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.BadInputException;
import io.airlock.core.digest.HashAlgorithm;
import io.airlock.core.testing.CosignFixtures;
import io.airlock.core.testing.CosignFixtures.Vector;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real signatures made by cosign, sigstore-java and the Sigstore production service, each verified
 * the way the fixture says cosign answers. Airlock's default accepts both generations of cosign
 * (key-default hash or SHA-256), so it answers EXPECTED_KEYDEFAULT; pinning SHA-256 as old cosign
 * did reproduces EXPECTED.
 */
class CosignRealVectorsTest {

  static Stream<Vector> vectors() {
    List<Vector> all = CosignFixtures.vectors();
    assertTrue(all.size() >= 15, "expected the 15 real vectors, found " + all.size());
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void verifiesAsNewerCosignDoes(Vector v) throws Exception {
    boolean expectValid = v.expectedKeyDefault().equals("valid");
    assertEquals(expectValid, verify(v, pinnedFromFlags(v)), v.name());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void pinningSha256ReproducesOlderCosign(Vector v) throws Exception {
    HashAlgorithm pinned = pinnedFromFlags(v);
    boolean expectValid = v.expected().equals("valid");
    assertEquals(expectValid, verify(v, pinned != null ? pinned : HashAlgorithm.SHA256), v.name());
  }

  @Test
  void crlfNormalisedBlobFailsWithTheMismatchMessage() throws Exception {
    Vector v = named("03-real-cosign-crlf-blob-normalised-to-lf");
    VerificationReport report = Verifications.run(request(v, null));
    assertEquals(
        "Signature check failed: "
            + v.signature().orElseThrow()
            + " does not verify "
            + v.blob()
            + ": the signature does not match: the file is not what was signed, or it was signed"
            + " with another key than key.pub (ECDSA P-256, sha256:1f0f3f5e0967...).",
        report.signature().message());
  }

  @Test
  void signaturePassedInlineAsTheRealCaseWasVerifies() throws Exception {
    Vector v = named("02-real-cosign-p256-sig-trailing-newline");
    String inline = java.nio.file.Files.readString(v.signature().orElseThrow()).trim();
    assertTrue(VerificationRequest.looksInline(inline));
    VerificationReport report =
        Verifications.run(
            VerificationRequest.builder().subject(v.blob()).keys(v.key()).inlineSignature(inline));
    assertTrue(report.passed(), report.summary());
    assertEquals("base64 (given inline)", report.signature().format());
  }

  @Test
  void sigstoreBundleReportsItsUncheckedTransparencyLog() throws Exception {
    Vector v = named("14-real-bundle-managed-key");
    VerificationReport report = Verifications.run(request(v, null));
    assertTrue(report.passed(), report.summary());
    assertEquals("sigstore bundle v0.3", report.signature().format());
    assertEquals("present, not verified (offline)", report.signature().transparencyLog());
    assertEquals("ECDSA P-256 with SHA-256", report.signature().scheme());
  }

  @Test
  void damagedKeyOfTheBadKeyCaseIsRefusedAsBadInput() {
    Vector v = named("15-real-bundle-managed-key-bad-key");
    BadInputException e =
        assertThrows(BadInputException.class, () -> Verifications.run(request(v, null)));
    assertTrue(
        e.getMessage().startsWith(v.key() + " does not hold a valid public key"), e::getMessage);
  }

  private static boolean verify(Vector v, HashAlgorithm pinned) throws Exception {
    try {
      VerificationReport report = Verifications.run(request(v, pinned));
      assertFalse(report.insecureSkipVerify());
      return report.passed();
    } catch (BadInputException e) {
      return false; // a key that does not parse verifies nothing (case 15)
    }
  }

  private static VerificationRequest request(Vector v, HashAlgorithm pinned) {
    VerificationRequest.Builder b =
        VerificationRequest.builder().subject(v.blob()).keys(v.key()).pinnedHash(pinned);
    v.signature().ifPresent(b::signature);
    v.bundle().ifPresent(b::sigstoreBundle);
    return b.build();
  }

  private static HashAlgorithm pinnedFromFlags(Vector v) {
    return v.flags()
        .map(f -> f.replace("--signature-digest-algorithm", "").trim())
        .map(id -> HashAlgorithm.fromId(id).orElseThrow())
        .orElse(null);
  }

  private static Vector named(String name) {
    return CosignFixtures.vectors().stream()
        .filter(v -> v.name().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
