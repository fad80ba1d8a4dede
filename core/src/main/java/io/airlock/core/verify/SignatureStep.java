package io.airlock.core.verify;

import static java.nio.charset.StandardCharsets.US_ASCII;

import com.fasterxml.jackson.databind.JsonNode;
import io.airlock.core.BadInputException;
import io.airlock.core.Phrase;
import io.airlock.core.Setting;
import io.airlock.core.SmallFiles;
import io.airlock.core.digest.HashAlgorithm;
import io.airlock.core.keys.TrustedKey;
import io.airlock.core.oci.Json;
import io.airlock.core.verify.VerificationReport.KeyInfo;
import io.airlock.core.verify.VerificationReport.SignatureResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The signature part of a verification: reads the signature (a detached {@code .sig} or a bundle),
 * says which digests of the signed file it needs from the shared pass, then decides.
 */
final class SignatureStep {

  static final int MAX_SIGNATURE_FILE = 64 * 1024;

  private final @Nullable Path subject;
  private final Path source;
  private final String format;
  private final List<SignatureCheck> checks = new ArrayList<>();
  private final @Nullable SignatureText text;
  private final @Nullable SigstoreBundle bundle;
  private final List<String> warnings = new ArrayList<>();
  private @Nullable HashAlgorithm subjectAlgorithm;
  private List<byte[]> subjectDigests = List.of();
  private @Nullable String envelopeProblem;
  private @Nullable String policyProblem;
  private SignatureCheck.@Nullable Outcome envelopeOutcome;
  private @Nullable TrustedKey envelopeKey;

  private SignatureStep(
      @Nullable Path subject,
      Path source,
      String format,
      @Nullable SignatureText text,
      @Nullable SigstoreBundle bundle) {
    this.subject = subject;
    this.source = source;
    this.format = format;
    this.text = text;
    this.bundle = bundle;
  }

  static SignatureStep prepare(VerificationRequest request, List<TrustedKey> keys)
      throws BadInputException {
    SignatureStep step;
    if (request.sigstoreBundle() != null) {
      SigstoreBundle bundle = SigstoreBundle.read(request.sigstoreBundle());
      step =
          new SignatureStep(
              request.subject(), request.sigstoreBundle(), bundle.format(), null, bundle);
      step.prepareBundle(bundle, keys, request.pinnedHash());
    } else {
      Path file = request.signatureFile();
      SignatureText text;
      String format;
      if (request.inlineSignature() == null && Files.exists(file)) {
        text = SignatureText.decode(SmallFiles.read(file, "signature", MAX_SIGNATURE_FILE));
        format = text.base64() ? "base64" : "raw";
      } else if (request.inlineSignature() != null) {
        // cosign takes a --signature value that names no file as the base64 signature itself
        text = SignatureText.decode(request.inlineSignature().getBytes(US_ASCII));
        format = "base64 (given inline)";
      } else {
        throw new BadInputException(
            Phrase.of("The signature file ", file, " does not exist."),
            Phrase.of(
                "Give ",
                Setting.SIGNATURE,
                " (FILE.sig), or ",
                Setting.SIGSTORE_BUNDLE,
                " (FILE.sigstore.json)."));
      }
      step = new SignatureStep(request.subject(), file, format, text, null);
      for (TrustedKey key : keys) {
        step.checks.add(new SignatureCheck(key, text.bytes(), request.pinnedHash()));
      }
    }
    return step;
  }

  private void prepareBundle(
      SigstoreBundle bundle, List<TrustedKey> keys, @Nullable HashAlgorithm pinned)
      throws BadInputException {
    if (bundle.tlogEntries() > 0) {
      warnings.add(
          "The bundle's transparency-log entry was not checked: that needs Sigstore's trusted"
              + " root and is not possible offline. The signature was checked against your key.");
    }
    if (bundle.hasCertificate() && !bundle.legacy()) {
      // sigstore-go's WithKey policy, which cosign sets whenever a key is given
      policyProblem =
          "the bundle was signed keyless, with a certificate, not with a key; cosign verify-blob"
              + " with a key refuses such a bundle (sigstore-go: expected key signature, not"
              + " certificate)";
    } else if (bundle.hasCertificate()) {
      warnings.add(
          "The bundle carries a signing certificate (keyless signing); Airlock checked the"
              + " signature against your key only, not the certificate's identity.");
    }
    if (bundle.envelope() == null) {
      // cosign reads a legacy --bundle file as a detached signature (pure Ed25519 only); a
      // Sigstore bundle's message signature through sigstore-go, which takes either scheme.
      SignatureCheck.Ed25519Schemes ed25519 =
          bundle.legacy()
              ? SignatureCheck.Ed25519Schemes.PURE
              : SignatureCheck.Ed25519Schemes.PURE_OR_PREHASH;
      for (TrustedKey key : keys) {
        // a bundle without an envelope holds a message signature
        checks.add(
            new SignatureCheck(key, Objects.requireNonNull(bundle.signature()), pinned, ed25519));
      }
      if (bundle.messageDigest() != null) {
        subjectAlgorithm = bundle.messageDigest().algorithm();
        subjectDigests = List.of(bundle.messageDigest().digest());
      }
      return;
    }
    SigstoreBundle.Envelope envelope = bundle.envelope();
    byte[] pae = envelope.pae();
    for (TrustedKey key : keys) {
      for (byte[] sig : envelope.signatures()) {
        SignatureCheck.Outcome outcome =
            new SignatureCheck(key, sig, pinned, SignatureCheck.Ed25519Schemes.PURE).finish(pae);
        if (outcome.valid() || envelopeOutcome == null) {
          envelopeOutcome = outcome;
          envelopeKey = key;
        }
        if (outcome.valid()) {
          break;
        }
      }
      // set on the first signature: an envelope has at least one
      if (Objects.requireNonNull(envelopeOutcome).valid()) {
        break;
      }
    }
    readStatement(envelope);
  }

  /** Picks the in-toto subjects' strongest digest, as sigstore-go does, for the shared pass. */
  private void readStatement(SigstoreBundle.Envelope envelope) throws BadInputException {
    JsonNode statement;
    try {
      statement = Json.parse(envelope.payload());
    } catch (IllegalArgumentException e) {
      throw new BadInputException(
          "The signature bundle " + source + " holds a DSSE payload that is " + e.getMessage(),
          "Give the bundle made when the file was signed.");
    }
    JsonNode subjects = statement.path("subject");
    if (!subjects.isArray() || subjects.isEmpty()) {
      envelopeProblem = "its in-toto statement names no subject, so it says nothing about the file";
      return;
    }
    for (HashAlgorithm h :
        List.of(HashAlgorithm.SHA512, HashAlgorithm.SHA384, HashAlgorithm.SHA256)) {
      if (subjects.get(0).path("digest").has(h.id())) {
        subjectAlgorithm = h;
        break;
      }
    }
    if (subjectAlgorithm == null) {
      envelopeProblem = "its in-toto statement has no sha256, sha384 or sha512 subject digest";
      return;
    }
    List<byte[]> digests = new ArrayList<>();
    for (JsonNode s : subjects) {
      String hex = s.path("digest").path(subjectAlgorithm.id()).asText("");
      try {
        digests.add(HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        // a malformed subject digest matches nothing
      }
    }
    subjectDigests = digests;
  }

  List<String> warnings() {
    return warnings;
  }

  /** Adds what the checks need to the pass over the signed file. */
  void register(FilePass pass) {
    for (SignatureCheck check : checks) {
      check.hashesNeeded().forEach(pass::digest);
      if (check.extraStream() != null) {
        pass.stream(check.extraStream());
      }
    }
    if (subjectAlgorithm != null) {
      pass.digest(subjectAlgorithm);
    }
  }

  /**
   * @param pass the shared pass over the signed file, null when none ran (then only a failure found
   *     before reading can be told)
   */
  SignatureResult evaluate(FilePass.@Nullable Result pass) {
    if (policyProblem != null) {
      return failed(policyProblem);
    }
    String digestProblem = subjectDigestProblem(pass);
    if (bundle != null && bundle.envelope() != null) {
      if (envelopeOutcome != null && envelopeOutcome.valid() && digestProblem == null) {
        return passed(
            Objects.requireNonNull(envelopeKey), envelopeOutcome.scheme() + ", DSSE envelope");
      }
      String problem =
          envelopeOutcome != null && !envelopeOutcome.valid()
              ? "its DSSE envelope: " + envelopeOutcome.problem()
              : digestProblem;
      return failed(problem);
    }
    List<String> problems = new ArrayList<>();
    for (SignatureCheck check : checks) {
      SignatureCheck.Outcome outcome = check.finish(Objects.requireNonNull(pass).digests());
      if (outcome.valid() && digestProblem == null) {
        return passed(check.key(), outcome.scheme());
      }
      problems.add(
          checks.size() == 1
              ? outcome.problem()
              : check.key().describe() + ": " + outcome.problem());
    }
    if (digestProblem != null) {
      return failed(digestProblem);
    }
    String problem =
        checks.size() == 1
            ? problems.get(0)
            : "none of the "
                + checks.size()
                + " keys verifies it ("
                + String.join("; ", problems)
                + ")";
    if (text != null && !text.base64()) {
      problem =
          "the signature file is not base64 ("
              + text.notBase64()
              + "), so it was read as a raw binary signature, and "
              + problem;
    }
    return failed(problem);
  }

  private @Nullable String subjectDigestProblem(FilePass.@Nullable Result pass) {
    if (subjectAlgorithm == null) {
      return bundle != null && bundle.envelope() != null ? envelopeProblem : null;
    }
    byte[] actual = Objects.requireNonNull(pass).digests().get(subjectAlgorithm);
    for (Iterator<byte[]> it = subjectDigests.iterator(); it.hasNext(); ) {
      if (MessageDigest.isEqual(actual, it.next())) {
        return null;
      }
    }
    String recorded =
        subjectDigests.isEmpty() ? "none" : HexFormat.of().formatHex(subjectDigests.get(0));
    return "the bundle records the "
        + subjectAlgorithm.displayName()
        + " digest "
        + recorded
        + " but "
        + subject
        + " hashes to "
        + HexFormat.of().formatHex(actual)
        + ": the bundle was made for another file";
  }

  private SignatureResult passed(TrustedKey key, @Nullable String scheme) {
    return new SignatureResult(
        VerificationReport.PASSED,
        source.toString(),
        format,
        scheme,
        KeyInfo.of(key),
        null,
        tlogNote());
  }

  private SignatureResult failed(@Nullable String problem) {
    String message =
        "Signature check failed: " + source + " does not verify " + subject + ": " + problem + ".";
    return new SignatureResult(
        VerificationReport.FAILED, source.toString(), format, null, null, message, tlogNote());
  }

  private @Nullable String tlogNote() {
    return bundle != null && bundle.tlogEntries() > 0 ? "present, not verified (offline)" : null;
  }
}
