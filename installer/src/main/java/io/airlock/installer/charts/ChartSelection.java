package io.airlock.installer.charts;

import io.airlock.core.BadInputException;
import io.airlock.core.Phrase;
import io.airlock.core.Setting;
import io.airlock.core.bundle.Bundle;
import io.airlock.core.bundle.BundleChart;
import io.airlock.core.bundle.BundleFormat;
import io.airlock.core.bundle.BundleManifest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which of a bundle's charts become releases: those the bundle marks ({@code install} in
 * airlock-bundle.yaml; for a k0rdent bundle without one, the product chart {@code
 * k0rdent-enterprise}), and those the person chose, each matched to the chart in the bundle.
 */
public final class ChartSelection {

  /** The product chart of a k0rdent bundle. */
  public static final String K0RDENT_PRODUCT = "k0rdent-enterprise";

  private ChartSelection() {}

  /** A choice with the bundle's chart it installs. */
  public record Selected(ChartChoice choice, BundleChart chart) {}

  /** The charts the bundle installs by default, with the values it gives them. */
  public static List<ChartChoice> defaults(Bundle bundle) {
    List<ChartChoice> out = new ArrayList<>();
    Optional<BundleManifest> manifest = bundle.manifestIfAny();
    if (manifest.isPresent()) {
      for (BundleManifest.ChartEntry e : manifest.get().charts()) {
        if (e.install() == null) {
          continue;
        }
        bundle.charts().stream()
            .filter(c -> c.source().equals(e.source()))
            .findFirst()
            .ifPresent(
                c ->
                    out.add(
                        new ChartChoice(
                            c.name(),
                            c.version(),
                            e.install().release(),
                            e.install().namespace(),
                            List.of(),
                            List.of(),
                            e.install().values())));
      }
      return out;
    }
    if (bundle.format() == BundleFormat.K0RDENT) {
      newest(bundle, K0RDENT_PRODUCT)
          .ifPresent(c -> out.add(ChartChoice.of(c.name()).withVersion(c.version())));
    }
    return out;
  }

  /**
   * The releases to install: the defaults when asked, then the person's choices (a choice for a
   * release the defaults have replaces it, keeping the bundle's values under the person's).
   *
   * @throws BadInputException naming a chart the bundle does not hold, and those it does
   */
  public static List<Selected> select(Bundle bundle, List<ChartChoice> chosen, boolean defaults)
      throws BadInputException {
    Map<String, ChartChoice> byRelease = new LinkedHashMap<>();
    if (defaults) {
      defaults(bundle).forEach(c -> byRelease.put(c.namespace() + "/" + c.release(), c));
    }
    for (ChartChoice c : chosen) {
      ChartChoice before = byRelease.get(c.namespace() + "/" + c.release());
      byRelease.put(
          c.namespace() + "/" + c.release(),
          before == null || c.bundleValues() != null
              ? c
              : c.withBundleValues(before.bundleValues()));
    }
    List<Selected> out = new ArrayList<>();
    for (ChartChoice c : byRelease.values()) {
      BundleChart chart =
          (c.version() == null
                  ? newest(bundle, c.chart())
                  : bundle.charts().stream()
                      .filter(x -> x.name().equals(c.chart()) && x.version().equals(c.version()))
                      .findFirst())
              .orElseThrow(() -> notInBundle(bundle, c));
      out.add(new Selected(c, chart));
    }
    return out;
  }

  private static Optional<BundleChart> newest(Bundle bundle, String name) {
    return bundle.charts().stream()
        .filter(c -> c.name().equals(name))
        .max(Comparator.comparing(BundleChart::version, ChartSelection::compareVersions));
  }

  /** Semantic versions by their numbers, anything else as text. */
  static int compareVersions(String a, String b) {
    String[] x = a.split("[.+-]");
    String[] y = b.split("[.+-]");
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      int c;
      if (x[i].matches("\\d{1,9}") && y[i].matches("\\d{1,9}")) {
        c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
      } else {
        c = x[i].compareTo(y[i]);
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.length, y.length);
  }

  private static BadInputException notInBundle(Bundle bundle, ChartChoice c) {
    List<String> held =
        bundle.charts().stream().map(x -> x.name() + " " + x.version()).distinct().toList();
    return new BadInputException(
        Phrase.of(
            "The bundle holds no chart "
                + c.chart()
                + (c.version() == null ? "" : " " + c.version())
                + "; it holds: "
                + (held.isEmpty() ? "none" : String.join(", ", held))
                + "."),
        Phrase.of("Choose one of those (", Setting.CHART, ")."));
  }
}
