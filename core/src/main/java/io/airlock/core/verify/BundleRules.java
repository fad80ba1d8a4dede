package io.airlock.core.verify;

import com.fasterxml.jackson.databind.JsonNode;
import io.airlock.core.oci.Json;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What sigstore-go requires of a Sigstore bundle before cosign verifies a blob with it ({@code
 * pkg/bundle/bundle.go} {@code validate}, {@code pkg/tlog/entry.go}, {@code SignatureContent}, the
 * DSSE envelope checks of {@code pkg/verify/signature.go}). Each broken rule is one message naming
 * the field, with sigstore-go's own words in parentheses, so a person can compare with cosign's
 * output. Nothing here needs the network or Sigstore's trusted root.
 */
final class BundleRules {

  static final String MEDIA_TYPE = "application/vnd.dev.sigstore.bundle";
  static final String IN_TOTO = "application/vnd.in-toto+json";

  /** Go's x/mod/semver, which sigstore-go checks the media type's version with. */
  private static final Pattern SEMVER =
      Pattern.compile(
          "v(0|[1-9][0-9]*)(?:\\.(0|[1-9][0-9]*))?(?:\\.(0|[1-9][0-9]*))?"
              + "(-[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?(\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?");

  private static final int MAX_SUBJECTS = 1024;
  private static final int MAX_SUBJECT_DIGESTS = 32;

  private BundleRules() {}

  /**
   * Checks a bundle normalized by {@link BundleJson}.
   *
   * @return its version, e.g. {@code v0.3}
   * @throws IllegalArgumentException with the reason
   */
  static String check(JsonNode bundle) {
    String mediaType = bundle.path("mediaType").asText("");
    String version = version(mediaType);
    int[] v = parse(version);
    if (compare(v, new int[] {0, 1, 0, 0}) < 0) {
      throw new IllegalArgumentException(
          "its bundle version " + version + " is older than v0.1, which cosign does not read");
    }
    if (compare(v, new int[] {0, 4, 0, 0}) >= 0) {
      throw new IllegalArgumentException(
          "its bundle version "
              + version
              + " is newer than cosign reads (sigstore-go: bundle version "
              + version
              + " is not yet supported)");
    }
    JsonNode material = bundle.path("verificationMaterial");
    boolean promise = false;
    boolean proof = false;
    JsonNode entries = material.path("tlogEntries");
    for (int i = 0; i < entries.size(); i++) {
      JsonNode entry = entries.get(i);
      checkEntry(entry, "verificationMaterial.tlogEntries[" + i + "]");
      promise |= !entry.path("inclusionPromise").path("signedEntryTimestamp").asText("").isEmpty();
      proof |= entry.has("inclusionProof");
    }
    boolean v01 = v[0] == 0 && v[1] == 1;
    if (entries.size() > 0 && v01 && !promise) {
      throw new IllegalArgumentException(
          "its transparency-log entry has no inclusionPromise, which a v0.1 bundle must have"
              + " (sigstore-go: inclusion promises missing in bundle (required for bundle v0.1))");
    }
    if (entries.size() > 0 && !v01 && !proof) {
      throw new IllegalArgumentException(
          "its transparency-log entry has no inclusionProof, which a bundle of v0.2 or later must"
              + " have (sigstore-go: inclusion proof missing in bundle (required for bundle v0.2))");
    }
    if (compare(v, new int[] {0, 3, 0, 0}) >= 0 && material.has("x509CertificateChain")) {
      throw new IllegalArgumentException(
          "its verificationMaterial is a certificate chain, which a v0.3 bundle may not carry"
              + " (sigstore-go: verification material cannot be X.509 certificate chain (for bundle"
              + " v0.3))");
    }
    if (!bundle.has("messageSignature") && !bundle.has("dsseEnvelope")) {
      throw new IllegalArgumentException(
          "it has neither a messageSignature nor a dsseEnvelope (sigstore-go: validation error:"
              + " missing bundle content)");
    }
    if (!material.has("publicKey")
        && !material.has("certificate")
        && !material.has("x509CertificateChain")) {
      throw new IllegalArgumentException(
          "it has no verificationMaterial saying which key or certificate signed it"
              + " (sigstore-go: validation error: missing verification material)");
    }
    if (bundle.has("messageSignature")) {
      checkMessageSignature(bundle.get("messageSignature"));
    } else {
      checkEnvelope(bundle.get("dsseEnvelope"));
    }
    return version;
  }

  /** sigstore-go's getBundleVersion. */
  private static String version(String mediaType) {
    for (String v : new String[] {"0.1", "0.2", "0.3"}) {
      if (mediaType.equals(MEDIA_TYPE + "+json;version=" + v)) {
        return "v" + v;
      }
    }
    String prefix = MEDIA_TYPE + ".v";
    if (mediaType.startsWith(prefix) && mediaType.endsWith("+json")) {
      String version = mediaType.substring(prefix.length() - 1, mediaType.length() - 5);
      if (SEMVER.matcher(version).matches()) {
        return version;
      }
      throw new IllegalArgumentException(
          "its mediaType names the version '"
              + version
              + "', which is not a version (sigstore-go: validation error: unsupported media type:"
              + " invalid bundle version)");
    }
    throw new IllegalArgumentException(
        "its mediaType '"
            + mediaType
            + "' is not a Sigstore bundle's (sigstore-go: validation error: unsupported media"
            + " type)");
  }

  /** major, minor, patch, and 0 for a pre-release (which sorts first) or 1. */
  private static int[] parse(String version) {
    Matcher m = SEMVER.matcher(version);
    if (!m.matches()) {
      throw new IllegalStateException(version);
    }
    return new int[] {
      Integer.parseInt(m.group(1)),
      m.group(2) == null ? 0 : Integer.parseInt(m.group(2)),
      m.group(3) == null ? 0 : Integer.parseInt(m.group(3)),
      m.group(4) == null ? 1 : 0
    };
  }

  private static int compare(int[] a, int[] b) {
    for (int i = 0; i < 3; i++) {
      if (a[i] != b[i]) {
        return Integer.compare(a[i], b[i]);
      }
    }
    return a[3] == 1 && b[3] == 1 ? 0 : Integer.compare(a[3], b[3]);
  }

  /** sigstore-go's ParseTransparencyLogEntry: the fields it needs, and a body of the kind named. */
  private static void checkEntry(JsonNode entry, String at) {
    String missing = null;
    if (entry.path("canonicalizedBody").asText("").isEmpty()) {
      missing = "canonicalizedBody";
    } else if (entry.path("logIndex").asLong(0) < 0) {
      missing = "logIndex (it is negative)";
    } else if (entry.path("logId").path("keyId").asText("").isEmpty()) {
      missing = "logId.keyId";
    } else if (!entry.has("kindVersion")) {
      missing = "kindVersion";
    }
    if (missing != null) {
      throw new IllegalArgumentException(
          "its "
              + at
              + " lacks "
              + missing
              + " (sigstore-go: validation error: nil value in transaction log entry)");
    }
    JsonNode proof = entry.path("inclusionProof");
    if (!proof.isMissingNode() && proof.path("checkpoint").path("envelope").asText("").isEmpty()) {
      throw new IllegalArgumentException(
          "its "
              + at
              + ".inclusionProof has no checkpoint (sigstore-go: inclusion proof missing required"
              + " checkpoint)");
    }
    JsonNode body;
    try {
      body = Json.parse(BundleJson.bytes(entry.get("canonicalizedBody").asText()));
    } catch (IllegalArgumentException e) {
      body = null;
    }
    if (body == null || !body.path("kind").isTextual() || !body.path("apiVersion").isTextual()) {
      throw new IllegalArgumentException(
          "its "
              + at
              + ".canonicalizedBody is not a Rekor entry (sigstore-go: entry body is not a"
              + " recognizable Rekor v1 or Rekor v2 type)");
    }
    String kind = entry.path("kindVersion").path("kind").asText("");
    String version = entry.path("kindVersion").path("version").asText("");
    if (!body.get("kind").asText().equals(kind)
        || !body.get("apiVersion").asText().equals(version)) {
      throw new IllegalArgumentException(
          "its "
              + at
              + " says it is "
              + kind
              + "/"
              + version
              + " but its body is "
              + body.get("kind").asText()
              + "/"
              + body.get("apiVersion").asText()
              + " (sigstore-go: kind and version mismatch)");
    }
  }

  /** sigstore-go's SignatureContent: a message signature needs its digest and its signature. */
  private static void checkMessageSignature(JsonNode message) {
    if (!message.has("messageDigest")) {
      throw new IllegalArgumentException(
          "its messageSignature has no messageDigest (sigstore-go: validation error: missing"
              + " verification material)");
    }
    if (message.path("signature").asText("").isEmpty()) {
      throw new IllegalArgumentException(
          "its messageSignature has no signature, so there is nothing to verify");
    }
  }

  /** What sigstore-go checks of a DSSE envelope before and while it verifies it with a file. */
  private static void checkEnvelope(JsonNode envelope) {
    if (envelope.path("payload").asText("").isEmpty()) {
      throw new IllegalArgumentException(
          "its dsseEnvelope has no payload (sigstore-go: validation error: invalid attestation:"
              + " missing valid envelope)");
    }
    int signatures = envelope.path("signatures").size();
    if (signatures != 1) {
      throw new IllegalArgumentException(
          "its dsseEnvelope has "
              + signatures
              + " signatures; a Sigstore bundle's envelope must have exactly one (sigstore-go:"
              + " exactly one signature is required)");
    }
    String type = envelope.path("payloadType").asText("");
    if (!type.equals(IN_TOTO)) {
      throw new IllegalArgumentException(
          "its dsseEnvelope's payloadType is '"
              + type
              + "', not "
              + IN_TOTO
              + ", so it says nothing cosign can check about a file (sigstore-go: unsupported"
              + " media type)");
    }
    JsonNode statement;
    try {
      statement = Json.parse(BundleJson.bytes(envelope.get("payload").asText()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "its dsseEnvelope's payload is not an in-toto statement (" + e.getMessage() + ")");
    }
    try {
      statement = BundleJson.normalizeStatement(statement);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "its dsseEnvelope's in-toto statement does not load: " + e.getMessage());
    }
    JsonNode subjects = statement.path("subject");
    if (subjects.size() > MAX_SUBJECTS) {
      throw new IllegalArgumentException(
          "its in-toto statement names "
              + subjects.size()
              + " subjects (sigstore-go: too many subjects: "
              + subjects.size()
              + " > "
              + MAX_SUBJECTS
              + ")");
    }
    for (JsonNode subject : subjects) {
      int digests = subject.path("digest").size();
      if (digests > MAX_SUBJECT_DIGESTS) {
        throw new IllegalArgumentException(
            "a subject of its in-toto statement has "
                + digests
                + " digests (sigstore-go: too many digests: "
                + digests
                + " > "
                + MAX_SUBJECT_DIGESTS
                + ")");
      }
    }
  }
}
