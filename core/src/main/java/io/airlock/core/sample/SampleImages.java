package io.airlock.core.sample;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airlock.core.digest.Digest;
import io.airlock.core.oci.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The images of a sample bundle in the blob pool: a manifest per platform, an index over several;
 * random layers for the bulk, and one runnable image (a static program the build compiled) so what
 * a sample installs can run. Their JSON documents are {@link SampleDocuments}'.
 */
final class SampleImages {

  /** The runnable image, and the chart that deploys it, use this name. */
  static final String HELLO = "docker.io/airlock-samples/hello:1.0.0";

  /** The port the runnable program serves on. */
  static final int HELLO_PORT = 8080;

  private SampleImages() {}

  /** One platform's manifest of an image: its config and layers in the pool. */
  record PlatformImage(String arch, Digest manifest, Digest config, List<BlobPool.Layer> layers) {}

  /** An image: its ref, its platform manifests, and the index when there are several. */
  record ImageParts(String ref, List<PlatformImage> platforms, @Nullable Digest index) {
    Digest top() {
      return index != null ? index : platforms.get(0).manifest();
    }
  }

  /** The runnable image: one layer with {@code /hello} per architecture, run unprivileged. */
  static ImageParts runnable(BlobPool pool, Map<String, byte[]> binaries) throws IOException {
    List<PlatformImage> platforms = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : new TreeMap<>(binaries).entrySet()) {
      BlobPool.Layer layer = pool.putExecutableLayer("hello", e.getValue());
      List<BlobPool.Layer> layers = List.of(layer);
      ObjectNode config =
          Json.MAPPER.readValue(
              SampleDocuments.config(e.getKey(), layers, "hello"), ObjectNode.class);
      ObjectNode runtime = (ObjectNode) config.get("config");
      runtime.put("User", "65532:65532");
      runtime.putObject("ExposedPorts").putObject(HELLO_PORT + "/tcp");
      Digest configDigest = pool.putBytes(SampleDocuments.bytes(config));
      Digest manifest = pool.putBytes(SampleDocuments.manifest(pool, configDigest, layers));
      platforms.add(new PlatformImage(e.getKey(), manifest, configDigest, layers));
    }
    Digest index =
        platforms.size() > 1 ? pool.putBytes(SampleDocuments.index(pool, platforms)) : null;
    return new ImageParts(HELLO, platforms, index);
  }
}
