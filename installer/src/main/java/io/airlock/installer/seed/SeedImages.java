package io.airlock.installer.seed;

import io.airlock.node.ImageLayout;
import io.airlock.node.NodeImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What the seed injector serves by default, built from source into this jar: Airlock's registry
 * image ({@code airlock.local/airlock/registry}, the registry the cluster pulls first) with the
 * node module's proxy and injector images, as one OCI layout tar for both architectures.
 */
public final class SeedImages {

  public static final String REGISTRY_IMAGE = "airlock.local/airlock/registry";

  /** What every node holding the registry pulls from the seed: at most this, compressed. */
  public static final long MAX_REGISTRY_IMAGE_BYTES = 40_000_000L;

  static final String RESOURCE_DIR = "/io/airlock/installer/seed/";
  public static final String METADATA = "seed-images.json";
  public static final String LAYOUT = "seed-images.tar";

  private final ImageLayout layout;

  private SeedImages(ImageLayout layout) {
    this.layout = layout;
  }

  /**
   * @throws IllegalStateException when this jar was built without them (a build bug)
   */
  public static SeedImages load() {
    return new SeedImages(ImageLayout.load(SeedImages.class, RESOURCE_DIR, METADATA, LAYOUT));
  }

  public NodeImage registryImage() {
    return layout.image(REGISTRY_IMAGE);
  }

  public ImageLayout layout() {
    return layout;
  }

  /** Writes the layout tar to {@code target}, which appears only once complete. */
  public void writeLayout(Path target) throws IOException {
    layout.writeLayout(target);
  }
}
