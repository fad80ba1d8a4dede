package io.airlock.core.testing;

import io.airlock.core.BadInputException;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.sample.SampleBundle;
import java.nio.file.Path;

/** Sample bundles for tests, written with one call. */
public final class Samples {

  private Samples() {}

  public static SampleBundle.Result k0rdent(Path out, int images, long layerBytes, long seed) {
    return write(out, images, layerBytes, SampleBundle.Layout.K0RDENT, seed);
  }

  public static SampleBundle.Result ociLayout(Path out, int images, long layerBytes, long seed) {
    return write(out, images, layerBytes, SampleBundle.Layout.OCI_LAYOUT, seed);
  }

  public static SampleBundle.Result write(
      Path out, int images, long layerBytes, SampleBundle.Layout layout, long seed) {
    try {
      return new SampleBundle(
              new SampleBundle.Options(images, layerBytes, layout, seed), ProgressListener.NONE)
          .write(out);
    } catch (BadInputException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }
}
