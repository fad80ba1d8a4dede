package io.airlock.core.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airlock.core.digest.Digest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A reference to content: media type, digest and size, as in the OCI image spec. */
public record Descriptor(
    String mediaType,
    Digest digest,
    long size,
    @Nullable Platform platform,
    @Nullable String artifactType,
    Map<String, String> annotations) {

  public Descriptor {
    annotations = Map.copyOf(annotations);
  }

  public Descriptor(String mediaType, Digest digest, long size) {
    this(mediaType, digest, size, null, null, Map.of());
  }

  /**
   * A descriptor object of just these three fields, in this order: the order the documents that
   * embed it are hashed in.
   */
  public static ObjectNode json(String mediaType, Digest digest, long size) {
    ObjectNode d = Json.MAPPER.createObjectNode();
    d.put("mediaType", mediaType);
    d.put("digest", digest.toString());
    d.put("size", size);
    return d;
  }

  public Optional<Platform> platformIfAny() {
    return Optional.ofNullable(platform);
  }

  public Optional<String> annotation(String key) {
    return Optional.ofNullable(annotations.get(key));
  }

  /**
   * Reads a descriptor object.
   *
   * @throws IllegalArgumentException naming the missing or malformed field
   */
  public static Descriptor from(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("descriptor is not a JSON object");
    }
    JsonNode digest = node.get("digest");
    if (digest == null || !digest.isTextual()) {
      throw new IllegalArgumentException("descriptor has no digest");
    }
    JsonNode size = node.get("size");
    if (size == null || !size.canConvertToLong() || size.asLong() < 0) {
      throw new IllegalArgumentException("descriptor " + digest.asText() + " has no valid size");
    }
    JsonNode mediaType = node.get("mediaType");
    Map<String, String> annotations = new LinkedHashMap<>();
    JsonNode a = node.get("annotations");
    if (a != null && a.isObject()) {
      a.fields().forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
    }
    return new Descriptor(
        mediaType == null ? "" : mediaType.asText(),
        Digest.parse(digest.asText()),
        size.asLong(),
        Platform.from(node.get("platform")).orElse(null),
        node.hasNonNull("artifactType") ? node.get("artifactType").asText() : null,
        annotations);
  }
}
