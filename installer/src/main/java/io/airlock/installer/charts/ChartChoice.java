package io.airlock.installer.charts;

import java.nio.file.Path;
import java.util.List;

/**
 * One chart of the bundle to install as a Helm release, as the person or the bundle chose it.
 *
 * @param chart the chart's name in the bundle
 * @param version its version, or null for the bundle's only (or newest) one
 * @param release the release name (default: the chart's name)
 * @param namespace where the release goes (created when missing)
 * @param valuesFiles values files, later ones win, as {@code helm -f}
 * @param set {@code key=value} pairs, as {@code helm --set}, after the files
 * @param bundleValues values the bundle's manifest gives for the chart (YAML), or null
 */
public record ChartChoice(
    String chart,
    String version,
    String release,
    String namespace,
    List<Path> valuesFiles,
    List<String> set,
    String bundleValues) {

  public ChartChoice {
    valuesFiles = List.copyOf(valuesFiles);
    set = List.copyOf(set);
    if (release == null || release.isBlank()) {
      release = chart;
    }
    if (namespace == null || namespace.isBlank()) {
      namespace = "default";
    }
  }

  public ChartChoice withVersion(String v) {
    return new ChartChoice(chart, v, release, namespace, valuesFiles, set, bundleValues);
  }

  public ChartChoice withBundleValues(String yaml) {
    return new ChartChoice(chart, version, release, namespace, valuesFiles, set, yaml);
  }

  public static ChartChoice of(String chart) {
    return new ChartChoice(chart, null, null, null, List.of(), List.of(), null);
  }
}
