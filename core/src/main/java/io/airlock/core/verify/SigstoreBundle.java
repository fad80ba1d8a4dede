package io.airlock.core.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airlock.core.BadInputException;
import io.airlock.core.SmallFiles;
import io.airlock.core.digest.HashAlgorithm;
import io.airlock.core.oci.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A signature bundle read offline: a Sigstore bundle ({@code .sigstore.json}, media types
 * v0.1-v0.3, with a message signature or a DSSE envelope) or cosign's older {@code --bundle} file
 * ({@code base64Signature}, {@code cert}, {@code rekorBundle}). Only what verifying against a given
 * key needs is kept; transparency-log entries and timestamps are counted, not checked (that needs
 * Sigstore's trusted root, which an air-gapped site does not have).
 *
 * @param format "sigstore bundle v0.3" or "cosign bundle (legacy)"
 * @param signature the message signature, or null for a DSSE envelope
 * @param messageDigest the digest the bundle says was signed, or null when it records none
 * @param envelope the DSSE envelope, or null for a message signature
 * @param tlogEntries how many transparency-log entries it carries (not verified offline)
 * @param hasCertificate true when it carries a signing certificate (keyless signing)
 */
public record SigstoreBundle(
    Path source,
    String format,
    byte @Nullable [] signature,
    @Nullable RecordedDigest messageDigest,
    @Nullable Envelope envelope,
    int tlogEntries,
    boolean hasCertificate) {

  static final int MAX_BUNDLE = 8 * 1024 * 1024;

  static final String LEGACY = "cosign bundle (legacy)";

  /** True for cosign's older {@code --bundle} file, which cosign checks as a detached signature. */
  public boolean legacy() {
    return LEGACY.equals(format);
  }

  /** The digest a message signature's bundle records. */
  public record RecordedDigest(HashAlgorithm algorithm, byte[] digest) {}

  /** A DSSE envelope: the signed payload and its signatures. */
  public record Envelope(String payloadType, byte[] payload, List<byte[]> signatures) {

    /** The DSSE pre-authentication encoding: what the signatures sign. */
    public byte[] pae() {
      byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
      String head = "DSSEv1 " + type.length + " " + payloadType + " " + payload.length + " ";
      byte[] headBytes = head.getBytes(StandardCharsets.UTF_8);
      byte[] out = new byte[headBytes.length + payload.length];
      System.arraycopy(headBytes, 0, out, 0, headBytes.length);
      System.arraycopy(payload, 0, out, headBytes.length, payload.length);
      return out;
    }
  }

  public static SigstoreBundle read(Path file) throws BadInputException {
    return parse(file, SmallFiles.read(file, "signature bundle", MAX_BUNDLE));
  }

  /** Reads a bundle's bytes; {@code file} names it in messages. */
  static SigstoreBundle parse(Path file, byte[] bytes) throws BadInputException {
    JsonNode root;
    try {
      root = Json.parse(bytes);
    } catch (IllegalArgumentException e) {
      throw malformed(file, "it is " + e.getMessage());
    }
    if (!root.isObject()) {
      throw malformed(file, "it is not a JSON object");
    }
    if (root.has("base64Signature")) {
      return legacy(file, root);
    }
    JsonNode type = root.has("mediaType") ? root.get("mediaType") : root.path("media_type");
    if (!type.isTextual() || !type.asText().startsWith(BundleRules.MEDIA_TYPE)) {
      throw malformed(
          file,
          "it has neither a Sigstore mediaType nor cosign's base64Signature"
              + (type.isTextual() ? " (mediaType is '" + type.asText() + "')" : ""));
    }
    ObjectNode bundle;
    try {
      bundle = BundleJson.normalize(root);
    } catch (IllegalArgumentException e) {
      throw malformed(file, e.getMessage());
    }
    String version;
    try {
      version = BundleRules.check(bundle);
    } catch (IllegalArgumentException e) {
      throw malformed(file, e.getMessage());
    }
    JsonNode material = bundle.path("verificationMaterial");
    int tlog = material.path("tlogEntries").size();
    boolean cert = material.has("certificate") || material.has("x509CertificateChain");
    String format = "sigstore bundle " + version;
    if (bundle.has("messageSignature")) {
      JsonNode message = bundle.get("messageSignature");
      byte[] signature = base64(file, message.path("signature"), "messageSignature.signature");
      JsonNode md = message.path("messageDigest");
      String name = md.path("algorithm").asText("");
      HashAlgorithm algorithm =
          HashAlgorithm.fromSigstoreName(name)
              .orElseThrow(
                  () ->
                      malformed(
                          file,
                          "its messageDigest algorithm '"
                              + name
                              + "' is not SHA2_256, SHA2_384 or SHA2_512"));
      byte[] value = base64(file, md.path("digest"), "messageSignature.messageDigest.digest");
      if (value.length != algorithm.length()) {
        throw malformed(
            file,
            "its messageDigest has "
                + value.length
                + " bytes, a "
                + algorithm.displayName()
                + " digest has "
                + algorithm.length());
      }
      RecordedDigest digest = new RecordedDigest(algorithm, value);
      return new SigstoreBundle(file, format, signature, digest, null, tlog, cert);
    }
    JsonNode dsse = bundle.get("dsseEnvelope");
    byte[] payload = base64(file, dsse.path("payload"), "dsseEnvelope.payload");
    List<byte[]> signatures = new ArrayList<>();
    for (JsonNode s : dsse.path("signatures")) {
      signatures.add(base64(file, s.path("sig"), "dsseEnvelope.signatures[].sig"));
    }
    return new SigstoreBundle(
        file,
        format,
        null,
        null,
        new Envelope(dsse.path("payloadType").asText(""), payload, signatures),
        tlog,
        cert);
  }

  /** Read as cosign's encoding/json reads it: lenient, and the signature as a .sig file's text. */
  private static SigstoreBundle legacy(Path file, JsonNode root) throws BadInputException {
    JsonNode text = root.path("base64Signature");
    if (!text.isTextual() || text.asText().isEmpty()) {
      throw malformed(file, "its base64Signature is missing");
    }
    byte[] signature =
        SignatureText.decode(text.asText().getBytes(java.nio.charset.StandardCharsets.UTF_8))
            .bytes();
    boolean cert = !root.path("cert").asText("").isEmpty();
    int tlog = root.path("rekorBundle").isObject() ? 1 : 0;
    return new SigstoreBundle(file, LEGACY, signature, null, null, tlog, cert);
  }

  private static byte[] base64(Path file, JsonNode node, String field) throws BadInputException {
    if (!node.isTextual() || node.asText().isEmpty()) {
      throw malformed(file, "its " + field + " is missing");
    }
    try {
      return BundleJson.bytes(node.asText());
    } catch (IllegalArgumentException e) {
      throw malformed(file, "its " + field + " is not base64 (" + e.getMessage() + ")");
    }
  }

  private static BadInputException malformed(Path file, @Nullable String why) {
    return new BadInputException(
        "The signature bundle " + file + " cannot be used: " + why + ".",
        "Give the .sigstore.json file (cosign's bundle) made when the blob was signed.");
  }
}
