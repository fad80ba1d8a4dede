package io.airlock.core.verify;

import com.fasterxml.jackson.databind.JsonNode;
import io.airlock.core.BadInputException;
import io.airlock.core.oci.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

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
    byte[] signature,
    RecordedDigest messageDigest,
    Envelope envelope,
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
    byte[] bytes = SmallFiles.read(file, "signature bundle", MAX_BUNDLE);
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
    String mediaType = root.path("mediaType").asText("");
    if (!mediaType.startsWith("application/vnd.dev.sigstore.bundle")) {
      throw malformed(
          file,
          "it has neither a Sigstore mediaType nor cosign's base64Signature"
              + (mediaType.isEmpty() ? "" : " (mediaType is '" + mediaType + "')"));
    }
    String version = versionOf(mediaType);
    JsonNode material = root.path("verificationMaterial");
    int tlog = material.path("tlogEntries").size();
    boolean cert = material.has("certificate") || material.has("x509CertificateChain");
    JsonNode message = root.path("messageSignature");
    JsonNode dsse = root.path("dsseEnvelope");
    String format = "sigstore bundle " + version;
    if (message.isObject()) {
      byte[] signature = base64(file, message.path("signature"), "messageSignature.signature");
      RecordedDigest digest = null;
      JsonNode md = message.path("messageDigest");
      if (md.isObject()) {
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
        byte[] value = base64(file, md.path("digest"), "messageDigest.digest");
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
        digest = new RecordedDigest(algorithm, value);
      }
      return new SigstoreBundle(file, format, signature, digest, null, tlog, cert);
    }
    if (dsse.isObject()) {
      byte[] payload = base64(file, dsse.path("payload"), "dsseEnvelope.payload");
      String type = dsse.path("payloadType").asText("");
      List<byte[]> signatures = new ArrayList<>();
      for (JsonNode s : dsse.path("signatures")) {
        signatures.add(base64(file, s.path("sig"), "dsseEnvelope.signatures[].sig"));
      }
      if (signatures.isEmpty()) {
        throw malformed(file, "its DSSE envelope has no signatures");
      }
      return new SigstoreBundle(
          file, format, null, null, new Envelope(type, payload, signatures), tlog, cert);
    }
    throw malformed(file, "it has neither a messageSignature nor a dsseEnvelope");
  }

  private static SigstoreBundle legacy(Path file, JsonNode root) throws BadInputException {
    byte[] signature = base64(file, root.path("base64Signature"), "base64Signature");
    boolean cert = !root.path("cert").asText("").isEmpty();
    int tlog = root.path("rekorBundle").isObject() ? 1 : 0;
    return new SigstoreBundle(file, LEGACY, signature, null, null, tlog, cert);
  }

  private static String versionOf(String mediaType) {
    int v = mediaType.indexOf("version=");
    if (v >= 0) {
      return "v" + mediaType.substring(v + "version=".length());
    }
    int dot = mediaType.indexOf(".bundle.v");
    if (dot >= 0) {
      String rest = mediaType.substring(dot + ".bundle.".length());
      int plus = rest.indexOf('+');
      return plus > 0 ? rest.substring(0, plus) : rest;
    }
    return "(version not stated)";
  }

  private static byte[] base64(Path file, JsonNode node, String field) throws BadInputException {
    if (!node.isTextual() || node.asText().isEmpty()) {
      throw malformed(file, "its " + field + " is missing");
    }
    try {
      return Base64.getDecoder().decode(node.asText());
    } catch (IllegalArgumentException e) {
      throw malformed(file, "its " + field + " is not base64 (" + e.getMessage() + ")");
    }
  }

  private static BadInputException malformed(Path file, String why) {
    return new BadInputException(
        "The signature bundle " + file + " cannot be used: " + why + ".",
        "Give the .sigstore.json (or cosign --bundle) file made when the blob was signed.");
  }
}
