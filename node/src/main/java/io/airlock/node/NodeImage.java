package io.airlock.node;

import io.airlock.core.digest.Digest;
import java.util.Map;

/**
 * One of the node images in {@link NodeImages#openLayout()}: a multi-arch index of scratch images
 * holding one static binary.
 *
 * @param name the repository, e.g. {@code airlock/proxy}
 * @param tag the Airlock version
 * @param index digest of the image index (what to pull, push and pin)
 * @param indexSize size of the index document in bytes
 * @param platforms per architecture ({@code amd64}, {@code arm64}) its manifest and size
 */
public record NodeImage(
    String name, String tag, Digest index, long indexSize, Map<String, PlatformImage> platforms) {

  public NodeImage {
    platforms = Map.copyOf(platforms);
  }

  /**
   * One architecture's image.
   *
   * @param manifest digest of the image manifest
   * @param bytes manifest, config and layer together: what a node pulls
   */
  public record PlatformImage(Digest manifest, long bytes) {}

  /** {@code name:tag}, as the layout's {@code org.opencontainers.image.ref.name} annotation. */
  public String reference() {
    return name + ":" + tag;
  }
}
