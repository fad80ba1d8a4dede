package io.airlock.core.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airlock.core.digest.Digest;
import io.airlock.core.oci.Json;
import io.airlock.core.oci.Manifest;
import io.airlock.core.oci.MediaTypes;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The referrers API's documents: a descriptor per referrer, listed in an OCI index. */
final class Referrers {

  private Referrers() {}

  /**
   * The descriptor of a manifest that has a subject. Its artifactType is the manifest's own, or for
   * an image manifest without one the config's media type, as the spec says.
   */
  static ObjectNode descriptorOf(Manifest m, Digest digest, long size) {
    ObjectNode d = Json.MAPPER.createObjectNode();
    d.put("mediaType", m.mediaType());
    d.put("digest", digest.toString());
    d.put("size", size);
    String artifactType = m.artifactType();
    if (artifactType == null && m.config() != null) {
      artifactType = m.config().mediaType();
    }
    if (artifactType != null && !artifactType.isEmpty()) {
      d.put("artifactType", artifactType);
    }
    if (!m.annotations().isEmpty()) {
      ObjectNode a = d.putObject("annotations");
      m.annotations().forEach(a::put);
    }
    return d;
  }

  /** The index listing {@code descriptors}, with those of another artifactType left out. */
  static byte[] index(List<JsonNode> descriptors, @Nullable String artifactType) {
    ObjectNode index = Json.MAPPER.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    ArrayNode manifests = index.putArray("manifests");
    for (JsonNode d : descriptors) {
      if (artifactType == null || artifactType.equals(d.path("artifactType").asText(null))) {
        manifests.add(d);
      }
    }
    try {
      return Json.MAPPER.writeValueAsBytes(index);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
