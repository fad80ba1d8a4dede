package io.airlock.core.oci;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A parsed image manifest or index (OCI or Docker schema 2). Only the fields that name other
 * content are kept; the original bytes stay the source of truth for digests.
 */
public record Manifest(
    String mediaType,
    @Nullable Descriptor config,
    List<Descriptor> layers,
    List<Descriptor> manifests,
    @Nullable Descriptor subject,
    @Nullable String artifactType,
    Map<String, String> annotations) {

  public Manifest {
    layers = List.copyOf(layers);
    manifests = List.copyOf(manifests);
    annotations = Map.copyOf(annotations);
  }

  public boolean isIndex() {
    return MediaTypes.isIndex(mediaType);
  }

  /** The config of an image manifest; only an index has none. */
  public Descriptor imageConfig() {
    return Objects.requireNonNull(config, "an index has no config");
  }

  public Optional<Descriptor> subjectIfAny() {
    return Optional.ofNullable(subject);
  }

  /** Everything this document points to, in the order a registry needs them first. */
  public List<Descriptor> references() {
    List<Descriptor> all = new ArrayList<>();
    if (config != null) {
      all.add(config);
    }
    all.addAll(layers);
    all.addAll(manifests);
    return all;
  }

  /**
   * Parses a manifest or index.
   *
   * @param declaredMediaType the media type of the descriptor that pointed here, or null
   * @throws IllegalArgumentException naming what is malformed
   */
  public static Manifest parse(byte[] bytes, @Nullable String declaredMediaType) {
    JsonNode root = Json.parse(bytes);
    if (!root.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    String mediaType = mediaTypeOf(root, declaredMediaType);
    if (MediaTypes.DOCKER_SCHEMA1.equals(mediaType) || root.path("schemaVersion").asInt() == 1) {
      throw new IllegalArgumentException(
          "Docker schema 1 manifests are not supported; convert the image with"
              + " 'skopeo copy --format v2s2'");
    }
    if (root.path("schemaVersion").asInt() != 2) {
      throw new IllegalArgumentException("schemaVersion is not 2");
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    root.path("annotations")
        .fields()
        .forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
    String artifactType =
        root.hasNonNull("artifactType") ? root.get("artifactType").asText() : null;
    Descriptor subject = root.has("subject") ? descriptor(root.get("subject"), "subject") : null;
    if (MediaTypes.isIndex(mediaType)) {
      return new Manifest(
          mediaType,
          null,
          List.of(),
          descriptors(root, "manifests"),
          subject,
          artifactType,
          annotations);
    }
    if (!root.has("config")) {
      throw new IllegalArgumentException("image manifest has no config");
    }
    return new Manifest(
        mediaType,
        descriptor(root.get("config"), "config"),
        descriptors(root, "layers"),
        List.of(),
        subject,
        artifactType,
        annotations);
  }

  private static String mediaTypeOf(JsonNode root, @Nullable String declared) {
    String own = root.hasNonNull("mediaType") ? root.get("mediaType").asText() : null;
    if (own != null && declared != null && !declared.isEmpty() && !own.equals(declared)) {
      throw new IllegalArgumentException(
          "says it is " + own + " but was referenced as " + declared);
    }
    if (own != null) {
      return own;
    }
    if (declared != null && !declared.isEmpty()) {
      return declared;
    }
    // OCI allows mediaType to be absent; the shape tells which document this is.
    return root.has("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
  }

  private static List<Descriptor> descriptors(JsonNode root, String field) {
    JsonNode array = root.get(field);
    if (array == null || array.isNull()) {
      return List.of();
    }
    if (!array.isArray()) {
      throw new IllegalArgumentException(field + " is not a list");
    }
    List<Descriptor> result = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      result.add(descriptor(array.get(i), field + "[" + i + "]"));
    }
    return result;
  }

  private static Descriptor descriptor(JsonNode node, String where) {
    try {
      return Descriptor.from(node);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }
}
