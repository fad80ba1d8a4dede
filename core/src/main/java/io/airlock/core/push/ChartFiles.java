package io.airlock.core.push;

import io.airlock.core.BadInputException;
import io.airlock.core.bundle.BundleChart;
import java.io.IOException;
import java.nio.file.Path;

/** A bundle's chart as the .tgz file Helm loads. */
public final class ChartFiles {

  private ChartFiles() {}

  /**
   * The chart in {@code workDir/charts/DIGEST.tgz} (written once): the same chart, gzipped the same
   * way, as the one the push put into the registry.
   */
  public static Path tgz(BundleChart chart, Path workDir) throws BadInputException {
    try {
      return HelmChartArtifact.gzipped(chart, workDir);
    } catch (IOException e) {
      throw new BadInputException(
          "Cannot write the Helm chart "
              + chart.source()
              + " into "
              + workDir
              + ": "
              + e.getMessage(),
          "Check that the work directory is writable and has room.",
          e);
    }
  }
}
