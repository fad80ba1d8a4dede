package io.airlock.core.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airlock.core.oci.Json;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads a Sigstore bundle's JSON as strictly as sigstore-go does: with Go's {@code
 * protojson.Unmarshal} into the protobuf-specs {@code Bundle} message. A field the format does not
 * have, a value of the wrong type, two members of one {@code oneof} or a field given twice (under
 * its JSON and its proto name) makes the bundle unusable, so cosign falls back to its legacy reader
 * and fails. Field names may be the JSON ({@code verificationMaterial}) or the proto ({@code
 * verification_material}) spelling; {@code null} means absent.
 */
final class BundleJson {

  private enum Kind {
    STRING,
    BYTES,
    INT64,
    HASH_ALGORITHM,
    MESSAGE,
    /** google.protobuf.Struct: any JSON object. */
    STRUCT,
    /** map<string, string>. */
    STRING_MAP
  }

  /**
   * One field of a message: its JSON and proto names, its kind, its message type, its oneof group.
   */
  private record Field(
      String json,
      String proto,
      Kind kind,
      boolean repeated,
      @Nullable String message,
      @Nullable String oneof) {
    Field(
        String json,
        Kind kind,
        boolean repeated,
        @Nullable String message,
        @Nullable String oneof) {
      // protoc's lowerCamelCase JSON name back to the snake_case field name
      this(
          json,
          json.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT),
          kind,
          repeated,
          message,
          oneof);
    }
  }

  private static Field f(String json, Kind kind) {
    return new Field(json, kind, false, null, null);
  }

  private static Field list(String json, Kind kind, @Nullable String message) {
    return new Field(json, kind, true, message, null);
  }

  private static Field msg(String json, String message) {
    return new Field(json, Kind.MESSAGE, false, message, null);
  }

  private static Field oneof(String json, String message, String group) {
    return new Field(json, Kind.MESSAGE, false, message, group);
  }

  /** The messages of protobuf-specs' bundle, common, rekor and DSSE envelope protos. */
  private static final Map<String, List<Field>> MESSAGES =
      Map.ofEntries(
          Map.entry(
              "Bundle",
              List.of(
                  f("mediaType", Kind.STRING),
                  msg("verificationMaterial", "VerificationMaterial"),
                  oneof("messageSignature", "MessageSignature", "content"),
                  oneof("dsseEnvelope", "Envelope", "content"))),
          Map.entry(
              "VerificationMaterial",
              List.of(
                  oneof("publicKey", "PublicKeyIdentifier", "content"),
                  oneof("x509CertificateChain", "X509CertificateChain", "content"),
                  oneof("certificate", "X509Certificate", "content"),
                  list("tlogEntries", Kind.MESSAGE, "TransparencyLogEntry"),
                  msg("timestampVerificationData", "TimestampVerificationData"))),
          Map.entry("PublicKeyIdentifier", List.of(f("hint", Kind.STRING))),
          Map.entry(
              "X509CertificateChain",
              List.of(list("certificates", Kind.MESSAGE, "X509Certificate"))),
          Map.entry("X509Certificate", List.of(f("rawBytes", Kind.BYTES))),
          Map.entry(
              "TimestampVerificationData",
              List.of(list("rfc3161Timestamps", Kind.MESSAGE, "RFC3161SignedTimestamp"))),
          Map.entry("RFC3161SignedTimestamp", List.of(f("signedTimestamp", Kind.BYTES))),
          Map.entry(
              "TransparencyLogEntry",
              List.of(
                  f("logIndex", Kind.INT64),
                  msg("logId", "LogId"),
                  msg("kindVersion", "KindVersion"),
                  f("integratedTime", Kind.INT64),
                  msg("inclusionPromise", "InclusionPromise"),
                  msg("inclusionProof", "InclusionProof"),
                  f("canonicalizedBody", Kind.BYTES))),
          Map.entry("LogId", List.of(f("keyId", Kind.BYTES))),
          Map.entry("KindVersion", List.of(f("kind", Kind.STRING), f("version", Kind.STRING))),
          Map.entry("InclusionPromise", List.of(f("signedEntryTimestamp", Kind.BYTES))),
          Map.entry(
              "InclusionProof",
              List.of(
                  f("logIndex", Kind.INT64),
                  f("rootHash", Kind.BYTES),
                  f("treeSize", Kind.INT64),
                  list("hashes", Kind.BYTES, null),
                  msg("checkpoint", "Checkpoint"))),
          Map.entry("Checkpoint", List.of(f("envelope", Kind.STRING))),
          Map.entry(
              "MessageSignature",
              List.of(msg("messageDigest", "HashOutput"), f("signature", Kind.BYTES))),
          Map.entry(
              "HashOutput", List.of(f("algorithm", Kind.HASH_ALGORITHM), f("digest", Kind.BYTES))),
          Map.entry(
              "Envelope",
              List.of(
                  f("payload", Kind.BYTES),
                  // the DSSE proto names this field in camel case
                  new Field("payloadType", "payloadType", Kind.STRING, false, null, null),
                  list("signatures", Kind.MESSAGE, "Signature"))),
          Map.entry("Signature", List.of(f("sig", Kind.BYTES), f("keyid", Kind.STRING))),
          // in-toto attestation v1, which sigstore-go reads a DSSE payload into
          Map.entry(
              "Statement",
              List.of(
                  new Field("_type", "_type", Kind.STRING, false, null, null),
                  list("subject", Kind.MESSAGE, "ResourceDescriptor"),
                  f("predicateType", Kind.STRING),
                  f("predicate", Kind.STRUCT))),
          Map.entry(
              "ResourceDescriptor",
              List.of(
                  f("name", Kind.STRING),
                  f("uri", Kind.STRING),
                  f("digest", Kind.STRING_MAP),
                  f("content", Kind.BYTES),
                  f("downloadLocation", Kind.STRING),
                  f("mediaType", Kind.STRING),
                  f("annotations", Kind.STRUCT))));

  private static final Set<String> HASH_ALGORITHMS =
      Set.of(
          "HASH_ALGORITHM_UNSPECIFIED", "SHA2_256", "SHA2_384", "SHA2_512", "SHA3_256", "SHA3_384");

  private BundleJson() {}

  /**
   * The bundle with every field under its JSON name and {@code null}s dropped.
   *
   * @throws IllegalArgumentException naming the field and what is wrong with it, in protojson's
   *     words
   */
  static ObjectNode normalize(JsonNode root) {
    return message(root, "Bundle", "");
  }

  /**
   * A DSSE payload as sigstore-go reads it, into in-toto's {@code Statement} message, normalized
   * like a bundle.
   *
   * @throws IllegalArgumentException naming the field and what is wrong with it
   */
  static ObjectNode normalizeStatement(JsonNode statement) {
    return message(statement, "Statement", "statement.");
  }

  /** A bytes field's value: standard or URL-safe base64, padded or not, as protojson takes it. */
  static byte[] bytes(String text) {
    boolean url = text.indexOf('-') >= 0 || text.indexOf('_') >= 0;
    boolean padded = text.length() % 4 == 0;
    String s = text.replace("\r", "").replace("\n", ""); // Go's decoder skips line ends
    if ((url && (s.indexOf('+') >= 0 || s.indexOf('/') >= 0)) || (!padded && s.indexOf('=') >= 0)) {
      throw new IllegalArgumentException("illegal base64 data");
    }
    return (url ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(s);
  }

  private static ObjectNode message(JsonNode node, String type, String path) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(
          where(path) + "is not a JSON object (protojson: unexpected token " + node + ")");
    }
    Map<String, Field> byName = new HashMap<>();
    for (Field field : Objects.requireNonNull(MESSAGES.get(type), type)) {
      byName.put(field.json(), field);
      byName.put(field.proto(), field);
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    Set<String> seen = new java.util.HashSet<>();
    Map<String, String> oneofs = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Field field = byName.get(e.getKey());
      String at = path + e.getKey();
      if (field == null) {
        throw new IllegalArgumentException(
            "its field "
                + at
                + (type.equals("Statement") || type.equals("ResourceDescriptor")
                    ? " is not part of an in-toto statement"
                    : " is not part of the Sigstore bundle format")
                + " (protojson: unknown field \""
                + e.getKey()
                + "\")");
      }
      if (!seen.add(field.json())) {
        throw new IllegalArgumentException(
            "its field " + at + " is given twice (protojson: duplicate field)");
      }
      if (e.getValue().isNull()) {
        continue;
      }
      if (field.oneof() != null) {
        String other = oneofs.putIfAbsent(field.oneof(), e.getKey());
        if (other != null) {
          throw new IllegalArgumentException(
              "it has both "
                  + path
                  + other
                  + " and "
                  + at
                  + ", of which the format allows one (protojson: oneof "
                  + type
                  + "."
                  + field.oneof()
                  + " is already set)");
        }
      }
      out.set(field.json(), value(e.getValue(), field, at));
    }
    return out;
  }

  private static JsonNode value(JsonNode v, Field field, String at) {
    if (field.repeated()) {
      if (!v.isArray()) {
        throw wrongType(at, "a list");
      }
      ArrayNode items = Json.MAPPER.createArrayNode();
      for (int i = 0; i < v.size(); i++) {
        items.add(single(v.get(i), field, at + "[" + i + "]"));
      }
      return items;
    }
    return single(v, field, at);
  }

  private static JsonNode single(JsonNode v, Field field, String at) {
    switch (field.kind()) {
      case MESSAGE:
        return message(v, Objects.requireNonNull(field.message()), at + ".");
      case STRING:
        if (!v.isTextual()) {
          throw wrongType(at, "a string");
        }
        return v;
      case BYTES:
        if (!v.isTextual()) {
          throw wrongType(at, "base64 text");
        }
        try {
          bytes(v.asText());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "its " + at + " is not base64 (" + e.getMessage() + ")");
        }
        return v;
      case INT64:
        if (v.isIntegralNumber()
            || (v.isTextual() && v.asText().matches("-?[0-9]{1,19}"))
            || (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()))) {
          return v;
        }
        throw wrongType(at, "an integer");
      case STRUCT:
        if (!v.isObject()) {
          throw wrongType(at, "a JSON object");
        }
        return v;
      case STRING_MAP:
        if (!v.isObject()) {
          throw wrongType(at, "a JSON object");
        }
        for (JsonNode value : v) {
          if (!value.isTextual()) {
            throw wrongType(at, "a map of strings");
          }
        }
        return v;
      default: // HASH_ALGORITHM
        if ((v.isTextual() && HASH_ALGORITHMS.contains(v.asText())) || v.isIntegralNumber()) {
          return v;
        }
        throw wrongType(at, "a hash algorithm name (SHA2_256, SHA2_384, SHA2_512, ...)");
    }
  }

  private static IllegalArgumentException wrongType(String at, String expected) {
    return new IllegalArgumentException(
        "its " + at + " is not " + expected + " (protojson: invalid value for " + at + ")");
  }

  private static String where(String path) {
    return path.isEmpty() ? "it " : "its " + path.substring(0, path.length() - 1) + " ";
  }
}
