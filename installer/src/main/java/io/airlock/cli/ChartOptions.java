package io.airlock.cli;

import io.airlock.core.BadInputException;
import io.airlock.installer.charts.ChartChoice;
import io.airlock.installer.pipeline.InstallRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Which of the bundle's charts {@code airlock install} installs as Helm releases, and how. */
final class ChartOptions {

  @ArgGroup(exclusive = false, multiplicity = "0..*", heading = "Charts:%n")
  List<Chart> charts = new ArrayList<>();

  @Option(
      names = "--default-charts",
      description =
          "Also install the charts the bundle marks (airlock-bundle.yaml; k0rdent-enterprise for a"
              + " k0rdent bundle).")
  boolean defaults;

  @Option(
      names = "--atomic",
      description = "Roll a release back (a first install: remove it) when it fails.")
  boolean atomic;

  @Option(
      names = "--chart-timeout",
      paramLabel = "SECONDS",
      defaultValue = "300",
      description = "How long Helm waits for a release's workloads (default: ${DEFAULT-VALUE}).")
  int timeout;

  /** One chart and its options; the options after a --chart apply to it. */
  static final class Chart {

    @Option(
        names = "--chart",
        required = true,
        paramLabel = "NAME[:VERSION]",
        description = "A chart of the bundle to install or upgrade as a Helm release.")
    String chart;

    @Option(
        names = "--release",
        paramLabel = "NAME",
        description = "The release's name (default: the chart's).")
    String release;

    @Option(
        names = "--release-namespace",
        paramLabel = "NS",
        description = "The release's namespace, made if missing (default: default).")
    String namespace;

    @Option(
        names = "--values",
        paramLabel = "FILE",
        description = "A values file for the chart (repeatable; later ones win).")
    List<Path> values = new ArrayList<>();

    @Option(
        names = "--set",
        paramLabel = "KEY=VALUE",
        description = "A value for the chart, as helm --set (repeatable; after the files).")
    List<String> set = new ArrayList<>();
  }

  InstallRequest.Charts request() throws BadInputException {
    if (timeout < 10) {
      throw new BadInputException("--chart-timeout must be at least 10 seconds.");
    }
    List<ChartChoice> chosen = new ArrayList<>();
    for (Chart c : charts) {
      for (String kv : c.set) {
        if (kv.indexOf('=') < 1) {
          throw new BadInputException(
              "--set " + kv + " is not KEY=VALUE.", "Write it as --set image.tag=1.2.3.");
        }
      }
      int colon = c.chart.indexOf(':');
      String name = colon < 0 ? c.chart : c.chart.substring(0, colon);
      String version = colon < 0 ? null : c.chart.substring(colon + 1);
      chosen.add(new ChartChoice(name, version, c.release, c.namespace, c.values, c.set, null));
    }
    return new InstallRequest.Charts(chosen, defaults, atomic, Duration.ofSeconds(timeout));
  }
}
