package io.airlock.core.sample;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airlock.core.digest.Digest;
import io.airlock.core.oci.Descriptor;
import io.airlock.core.oci.Json;
import io.airlock.core.oci.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The OCI and docker JSON documents of the sample: configs, manifests, indexes, descriptors. */
final class SampleDocuments {

  static final String CREATED = "2024-01-01T00:00:00Z";

  private SampleDocuments() {}

  static byte[] config(String arch, List<BlobPool.Layer> layers, String name) {
    ObjectNode config = Json.MAPPER.createObjectNode();
    config.put("created", CREATED);
    config.put("architecture", arch);
    config.put("os", "linux");
    ObjectNode runtime = config.putObject("config");
    runtime.putArray("Entrypoint").add("/" + name);
    runtime.putObject("Labels").put("org.opencontainers.image.title", name);
    ObjectNode rootfs = config.putObject("rootfs");
    rootfs.put("type", "layers");
    ArrayNode diffIds = rootfs.putArray("diff_ids");
    ArrayNode history = config.putArray("history");
    for (BlobPool.Layer layer : layers) {
      diffIds.add(layer.diffId().toString());
      history.addObject().put("created", CREATED).put("created_by", "airlock sample-bundle");
    }
    return bytes(config);
  }

  static byte[] manifest(BlobPool pool, Digest config, List<BlobPool.Layer> layers) {
    ObjectNode manifest = Json.MAPPER.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
    manifest.set("config", Descriptor.json(MediaTypes.OCI_CONFIG, config, pool.size(config)));
    ArrayNode array = manifest.putArray("layers");
    for (BlobPool.Layer layer : layers) {
      array.add(Descriptor.json(MediaTypes.OCI_LAYER_GZIP, layer.digest(), layer.size()));
    }
    return bytes(manifest);
  }

  static byte[] index(BlobPool pool, List<SampleImages.PlatformImage> platforms) {
    ObjectNode index = Json.MAPPER.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    ArrayNode manifests = index.putArray("manifests");
    for (SampleImages.PlatformImage p : platforms) {
      ObjectNode d =
          Descriptor.json(MediaTypes.OCI_MANIFEST, p.manifest(), pool.size(p.manifest()));
      d.putObject("platform").put("architecture", p.arch()).put("os", "linux");
      manifests.add(d);
    }
    return bytes(index);
  }

  static ObjectNode entry(BlobPool pool, Digest digest, String mediaType, String ref) {
    ObjectNode d = Descriptor.json(mediaType, digest, pool.size(digest));
    d.putObject("annotations").put("org.opencontainers.image.ref.name", ref);
    return d;
  }

  static byte[] topIndex(List<ObjectNode> entries) {
    ObjectNode index = Json.MAPPER.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    index.putArray("manifests").addAll(entries);
    return bytes(index);
  }

  static byte[] layoutMarker() {
    return "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);
  }

  static byte[] bytes(Object node) {
    try {
      return Json.MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
