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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OCI image layout tar the build put into a jar, with the JSON the build wrote beside it: the
 * layout's size and SHA-256, and each multi-arch image in it (name, tag, index digest, and per
 * architecture its manifest and size). {@link NodeImages} is one; the installer's seed images
 * another.
 */
public final class ImageLayout {

  private final Class<?> owner;
  private final String resourceDir;
  private final String layoutName;
  private final JsonNode metadata;
  private final Map<String, NodeImage> images;

  private ImageLayout(
      Class<?> owner,
      String resourceDir,
      String layoutName,
      JsonNode metadata,
      Map<String, NodeImage> images) {
    this.owner = owner;
    this.resourceDir = resourceDir;
    this.layoutName = layoutName;
    this.metadata = metadata;
    this.images = images;
  }

  /**
   * Reads the description of a layout from {@code owner}'s jar.
   *
   * @param resourceDir {@code /io/airlock/node/}
   * @throws IllegalStateException when the jar was built without it (a build bug)
   */
  public static ImageLayout load(
      Class<?> owner, String resourceDir, String metadataName, String layoutName) {
    JsonNode root = Json.parse(resourceBytes(owner, resourceDir + metadataName));
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
    return new ImageLayout(owner, resourceDir, layoutName, root, Map.copyOf(images));
  }

  /** The metadata as the build wrote it, for what only one kind of layout describes. */
  public JsonNode metadata() {
    return metadata;
  }

  /** The Airlock version the images were built as; also their tag. */
  public String version() {
    return metadata.path("version").asText();
  }

  /**
   * @throws IllegalStateException when the layout has no such image
   */
  public NodeImage image(String name) {
    NodeImage image = images.get(name);
    if (image == null) {
      throw new IllegalStateException(layoutName + " holds no image " + name);
    }
    return image;
  }

  public List<NodeImage> images() {
    return List.copyOf(images.values());
  }

  public long layoutSize() {
    return metadata.path("layout").path("size").asLong();
  }

  /** SHA-256 of the layout tar, as the build recorded it. */
  public Digest layoutDigest() {
    return Digest.parse(metadata.path("layout").path("sha256").asText());
  }

  /** Opens the layout tar; the caller closes it. */
  public InputStream openLayout() {
    return resource(owner, resourceDir + layoutName);
  }

  /** Writes the layout tar to {@code target}, which appears only once complete. */
  public void writeLayout(Path target) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    Path temp = Files.createTempFile(parent, "." + layoutName, ".partial");
    try (InputStream in = openLayout()) {
      Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  static InputStream resource(Class<?> owner, String name) {
    InputStream in = owner.getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException(
          "the jar of "
              + owner.getName()
              + " was built without "
              + name
              + "; build it with Maven (mvn package), which makes it");
    }
    return in;
  }

  static byte[] resourceBytes(Class<?> owner, String name) {
    try (InputStream in = resource(owner, name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }
}
