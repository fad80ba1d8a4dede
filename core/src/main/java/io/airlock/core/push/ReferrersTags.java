package io.airlock.core.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airlock.core.digest.Digest;
import io.airlock.core.distribution.RegistryClient;
import io.airlock.core.distribution.RegistryFailure;
import io.airlock.core.oci.Json;
import io.airlock.core.oci.Manifest;
import io.airlock.core.oci.MediaTypes;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The referrers tag scheme of OCI distribution 1.1, for registries without the referrers API: the
 * index tagged {@code sha256-<hex>} of a subject lists the artifacts that refer to it. Airlock
 * reads it, adds the new artifact unless it is there, and writes it back; one writer per tag at a
 * time.
 */
final class ReferrersTags {

  private final RegistryClient client;
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  ReferrersTags(RegistryClient client) {
    this.client = client;
  }

  static String tagFor(Digest subject) {
    String tag = subject.algorithm().ociName() + "-" + subject.hex();
    return tag.length() > 128 ? tag.substring(0, 128) : tag;
  }

  void add(String repository, Digest subject, PushPlan.ManifestDoc referrer, byte[] referrerBytes)
      throws RegistryFailure, InterruptedException {
    String tag = tagFor(subject);
    synchronized (locks.computeIfAbsent(repository + ":" + tag, k -> new Object())) {
      Optional<byte[]> existing = client.getManifest(repository, tag, MediaTypes.OCI_INDEX);
      ObjectNode index;
      if (existing.isPresent()) {
        JsonNode parsed = Json.parse(existing.get());
        index = parsed.isObject() ? (ObjectNode) parsed : newIndex();
        if (!index.path("manifests").isArray()) {
          index.putArray("manifests");
        }
      } else {
        index = newIndex();
      }
      ArrayNode manifests = (ArrayNode) index.get("manifests");
      for (JsonNode m : manifests) {
        if (referrer.digest().toString().equals(m.path("digest").asText())) {
          return;
        }
      }
      manifests.add(descriptor(referrer, referrerBytes));
      byte[] bytes;
      try {
        bytes = Json.MAPPER.writeValueAsBytes(index);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      client.putManifest(repository, tag, MediaTypes.OCI_INDEX, bytes);
    }
  }

  private static ObjectNode newIndex() {
    ObjectNode index = Json.MAPPER.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    index.putArray("manifests");
    return index;
  }

  /** The descriptor the spec asks for: media type, digest, size, artifactType, annotations. */
  private static ObjectNode descriptor(PushPlan.ManifestDoc referrer, byte[] bytes) {
    Manifest m = Manifest.parse(bytes, referrer.mediaType());
    ObjectNode d = Json.MAPPER.createObjectNode();
    d.put("mediaType", referrer.mediaType());
    d.put("digest", referrer.digest().toString());
    d.put("size", bytes.length);
    String artifactType =
        m.artifactType() != null
            ? m.artifactType()
            : m.config() != null ? m.config().mediaType() : null;
    if (artifactType != null) {
      d.put("artifactType", artifactType);
    }
    if (!m.annotations().isEmpty()) {
      ObjectNode a = d.putObject("annotations");
      m.annotations().forEach(a::put);
    }
    return d;
  }
}
