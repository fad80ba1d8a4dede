package io.airlock.core.sample;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airlock.core.digest.Digest;
import io.airlock.core.oci.Json;
import io.airlock.core.oci.MediaTypes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The images of a sample bundle as OCI documents in the blob pool: a manifest per platform, an
 * index over several; random layers for the bulk, and one runnable image (a static program the
 * build compiled) so what a sample installs can run.
 */
final class SampleImages {

  /** The runnable image, and the chart that deploys it, use this name. */
  static final String HELLO = "docker.io/airlock-samples/hello:1.0.0";

  /** The port the runnable program serves on. */
  static final int HELLO_PORT = 8080;

  private static final String CREATED = "2024-01-01T00:00:00Z";

  private SampleImages() {}

  /** One platform's manifest of an image: its config and layers in the pool. */
  record PlatformImage(String arch, Digest manifest, Digest config, List<BlobPool.Layer> layers) {}

  /** An image: its ref, its platform manifests, and the index when there are several. */
  record ImageParts(String ref, List<PlatformImage> platforms, Digest index) {
    Digest top() {
      return index != null ? index : platforms.get(0).manifest();
    }
  }

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
    manifest.set("config", descriptor(MediaTypes.OCI_CONFIG, config, pool.size(config)));
    ArrayNode array = manifest.putArray("layers");
    for (BlobPool.Layer layer : layers) {
      array.add(descriptor(MediaTypes.OCI_LAYER_GZIP, layer.digest(), layer.size()));
    }
    return bytes(manifest);
  }

  static byte[] index(BlobPool pool, List<PlatformImage> platforms) {
    ObjectNode index = Json.MAPPER.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    ArrayNode manifests = index.putArray("manifests");
    for (PlatformImage p : platforms) {
      ObjectNode d = descriptor(MediaTypes.OCI_MANIFEST, p.manifest(), pool.size(p.manifest()));
      d.putObject("platform").put("architecture", p.arch()).put("os", "linux");
      manifests.add(d);
    }
    return bytes(index);
  }

  static ObjectNode descriptor(String mediaType, Digest digest, long size) {
    ObjectNode d = Json.MAPPER.createObjectNode();
    d.put("mediaType", mediaType);
    d.put("digest", digest.toString());
    d.put("size", size);
    return d;
  }

  /** The runnable image: one layer with {@code /hello} per architecture, run unprivileged. */
  static ImageParts runnable(BlobPool pool, Map<String, byte[]> binaries) throws IOException {
    List<PlatformImage> platforms = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : new java.util.TreeMap<>(binaries).entrySet()) {
      BlobPool.Layer layer = pool.putExecutableLayer("hello", e.getValue());
      List<BlobPool.Layer> layers = List.of(layer);
      ObjectNode config =
          Json.MAPPER.readValue(config(e.getKey(), layers, "hello"), ObjectNode.class);
      ObjectNode runtime = (ObjectNode) config.get("config");
      runtime.put("User", "65532:65532");
      runtime.putObject("ExposedPorts").putObject(HELLO_PORT + "/tcp");
      Digest configDigest = pool.putBytes(bytes(config));
      Digest manifest = pool.putBytes(manifest(pool, configDigest, layers));
      platforms.add(new PlatformImage(e.getKey(), manifest, configDigest, layers));
    }
    Digest index = platforms.size() > 1 ? pool.putBytes(index(pool, platforms)) : null;
    return new ImageParts(HELLO, platforms, index);
  }

  static byte[] bytes(Object node) {
    try {
      return Json.MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
