package io.airlock.node;

import io.airlock.core.digest.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What this jar carries for the cluster's nodes, built from source by the Maven build: the seed
 * injector per architecture (to put into a ConfigMap) and an OCI image layout, as a tar, holding
 * the multi-arch images {@code airlock/injector} and {@code airlock/proxy} (to put into the seed
 * payload and push to the cluster registry).
 */
public final class NodeImages {

  /** The architectures every node program is built for. */
  public static final List<String> ARCHITECTURES = List.of("amd64", "arm64");

  /** The injector must fit one ConfigMap: Kubernetes caps an object's data at 1 MiB. */
  public static final long MAX_INJECTOR_BYTES = 1 << 20;

  /** What a node may pull for the proxy, per architecture. */
  public static final long MAX_PROXY_IMAGE_BYTES = 10L << 20;

  public static final String INJECTOR_IMAGE = "airlock.local/airlock/injector";
  public static final String PROXY_IMAGE = "airlock.local/airlock/proxy";

  /** Places and restores the nodes' mirror files ({@code install --configure-nodes}). */
  public static final String NODECFG_IMAGE = "airlock.local/airlock/nodecfg";

  /** Resource names, shared with the build step that writes them. */
  static final String RESOURCE_DIR = "/io/airlock/node/";

  public static final String METADATA = "node-images.json";
  public static final String LAYOUT = "node-images.tar";

  public static String injectorResource(String architecture) {
    return "injector-linux-" + architecture;
  }

  public static String sampleAppResource(String architecture) {
    return "sample-hello-linux-" + architecture;
  }

  private final ImageLayout layout;
  private final Map<String, Digest> injectorDigests;
  private final Map<String, Digest> sampleDigests;

  private NodeImages(
      ImageLayout layout, Map<String, Digest> injectorDigests, Map<String, Digest> sampleDigests) {
    this.layout = layout;
    this.injectorDigests = injectorDigests;
    this.sampleDigests = sampleDigests;
  }

  /**
   * Reads the description the build wrote next to the images.
   *
   * @throws IllegalStateException when this jar was built without its node programs (a build bug)
   */
  public static NodeImages load() {
    ImageLayout layout = ImageLayout.load(NodeImages.class, RESOURCE_DIR, METADATA, LAYOUT);
    return new NodeImages(
        layout,
        digests(layout.metadata().path("injector")),
        digests(layout.metadata().path("sampleApp")));
  }

  /** The Airlock version the programs were built as; also the images' tag. */
  public String version() {
    return layout.version();
  }

  public NodeImage injectorImage() {
    return image(INJECTOR_IMAGE);
  }

  public NodeImage proxyImage() {
    return image(PROXY_IMAGE);
  }

  public NodeImage nodecfgImage() {
    return image(NODECFG_IMAGE);
  }

  public List<NodeImage> images() {
    return List.of(injectorImage(), proxyImage(), nodecfgImage());
  }

  private NodeImage image(String name) {
    return layout.image(name);
  }

  /** Opens the OCI image layout tar; the caller closes it. */
  public InputStream openLayout() {
    return layout.openLayout();
  }

  public long layoutSize() {
    return layout.layoutSize();
  }

  /** SHA-256 of the layout tar, as the build recorded it. */
  public Digest layoutDigest() {
    return layout.layoutDigest();
  }

  /** Writes the layout tar to {@code target}, which appears only once complete. */
  public void writeLayout(Path target) throws IOException {
    layout.writeLayout(target);
  }

  /**
   * The injector for one architecture, checked against the SHA-256 the build recorded.
   *
   * @throws IllegalArgumentException for an architecture it was not built for
   */
  public InjectorBinary injector(String architecture) {
    Digest expected = injectorDigests.get(architecture);
    if (expected == null) {
      throw new IllegalArgumentException(
          "no injector for architecture '"
              + architecture
              + "'; Airlock builds it for "
              + String.join(", ", ARCHITECTURES));
    }
    byte[] bytes = resourceBytes(injectorResource(architecture));
    Digest actual = Digest.sha256(bytes);
    if (!actual.equals(expected)) {
      throw new IllegalStateException(
          "the "
              + architecture
              + " injector in this jar is "
              + actual
              + " but the build recorded "
              + expected
              + "; the jar is damaged");
    }
    return new InjectorBinary(architecture, bytes, actual);
  }

  /**
   * The sample bundle's runnable program for one architecture (a static HTTP server), checked
   * against the SHA-256 the build recorded.
   */
  public byte[] sampleApp(String architecture) {
    Digest expected = sampleDigests.get(architecture);
    if (expected == null) {
      throw new IllegalArgumentException("no sample app for architecture '" + architecture + "'");
    }
    byte[] bytes = resourceBytes(sampleAppResource(architecture));
    if (!Digest.sha256(bytes).equals(expected)) {
      throw new IllegalStateException(
          "the " + architecture + " sample app in this jar does not match its recorded digest");
    }
    return bytes;
  }

  private static Map<String, Digest> digests(com.fasterxml.jackson.databind.JsonNode node) {
    Map<String, Digest> m = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> m.put(e.getKey(), Digest.parse(e.getValue().asText())));
    return Map.copyOf(m);
  }

  public List<InjectorBinary> injectors() {
    List<InjectorBinary> all = new ArrayList<>();
    for (String arch : ARCHITECTURES) {
      all.add(injector(arch));
    }
    return all;
  }

  private static byte[] resourceBytes(String name) {
    return ImageLayout.resourceBytes(NodeImages.class, RESOURCE_DIR + name);
  }
}
