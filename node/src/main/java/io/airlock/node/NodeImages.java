package io.airlock.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.airlock.core.digest.Digest;
import io.airlock.core.oci.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

  /** Resource names, shared with the build step that writes them. */
  static final String RESOURCE_DIR = "/io/airlock/node/";

  public static final String METADATA = "node-images.json";
  public static final String LAYOUT = "node-images.tar";

  public static String injectorResource(String architecture) {
    return "injector-linux-" + architecture;
  }

  private final String version;
  private final long layoutSize;
  private final Digest layoutDigest;
  private final Map<String, NodeImage> images;
  private final Map<String, Digest> injectorDigests;

  private NodeImages(
      String version,
      long layoutSize,
      Digest layoutDigest,
      Map<String, NodeImage> images,
      Map<String, Digest> injectorDigests) {
    this.version = version;
    this.layoutSize = layoutSize;
    this.layoutDigest = layoutDigest;
    this.images = images;
    this.injectorDigests = injectorDigests;
  }

  /**
   * Reads the description the build wrote next to the images.
   *
   * @throws IllegalStateException when this jar was built without its node programs (a build bug)
   */
  public static NodeImages load() {
    JsonNode root = Json.parse(resourceBytes(METADATA));
    Map<String, NodeImage> images = new LinkedHashMap<>();
    for (JsonNode image : root.path("images")) {
      Map<String, NodeImage.PlatformImage> platforms = new LinkedHashMap<>();
      image
          .path("platforms")
          .fields()
          .forEachRemaining(
              e ->
                  platforms.put(
                      e.getKey(),
                      new NodeImage.PlatformImage(
                          Digest.parse(e.getValue().path("manifest").asText()),
                          e.getValue().path("bytes").asLong())));
      NodeImage parsed =
          new NodeImage(
              image.path("name").asText(),
              image.path("tag").asText(),
              Digest.parse(image.path("index").asText()),
              image.path("indexSize").asLong(),
              platforms);
      images.put(parsed.name(), parsed);
    }
    Map<String, Digest> injectors = new LinkedHashMap<>();
    root.path("injector")
        .fields()
        .forEachRemaining(e -> injectors.put(e.getKey(), Digest.parse(e.getValue().asText())));
    JsonNode layout = root.path("layout");
    return new NodeImages(
        root.path("version").asText(),
        layout.path("size").asLong(),
        Digest.parse(layout.path("sha256").asText()),
        Map.copyOf(images),
        Map.copyOf(injectors));
  }

  /** The Airlock version the programs were built as; also the images' tag. */
  public String version() {
    return version;
  }

  public NodeImage injectorImage() {
    return image(INJECTOR_IMAGE);
  }

  public NodeImage proxyImage() {
    return image(PROXY_IMAGE);
  }

  public List<NodeImage> images() {
    return List.of(injectorImage(), proxyImage());
  }

  private NodeImage image(String name) {
    NodeImage image = images.get(name);
    if (image == null) {
      throw new IllegalStateException(METADATA + " describes no image " + name);
    }
    return image;
  }

  /** Opens the OCI image layout tar; the caller closes it. */
  public InputStream openLayout() {
    return resource(LAYOUT);
  }

  public long layoutSize() {
    return layoutSize;
  }

  /** SHA-256 of the layout tar, as the build recorded it. */
  public Digest layoutDigest() {
    return layoutDigest;
  }

  /** Writes the layout tar to {@code target}, which appears only once complete. */
  public void writeLayout(Path target) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    Path temp = Files.createTempFile(parent, ".node-images", ".partial");
    try (InputStream in = openLayout()) {
      Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
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

  public List<InjectorBinary> injectors() {
    List<InjectorBinary> all = new ArrayList<>();
    for (String arch : ARCHITECTURES) {
      all.add(injector(arch));
    }
    return all;
  }

  private static InputStream resource(String name) {
    InputStream in = NodeImages.class.getResourceAsStream(RESOURCE_DIR + name);
    if (in == null) {
      throw new IllegalStateException(
          "airlock-node was built without "
              + name
              + "; build it with Maven (mvn package), which compiles the node programs");
    }
    return in;
  }

  private static byte[] resourceBytes(String name) {
    try (InputStream in = resource(name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name + " from the airlock-node jar", e);
    }
  }
}
