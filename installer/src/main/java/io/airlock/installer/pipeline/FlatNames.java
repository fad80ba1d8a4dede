package io.airlock.installer.pipeline;

import io.airlock.core.BadInputException;
import io.airlock.core.Phrase;
import io.airlock.core.Setting;
import io.airlock.core.oci.ImageRef;
import io.airlock.core.oci.TargetNaming;
import io.airlock.core.push.ChartFiles;
import io.airlock.installer.charts.ChartSelection;
import io.airlock.installer.charts.HelmReleases;
import io.airlock.installer.mirrors.MirrorTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * With flat names the registry holds {@code docker.io/org/app:1} as {@code HOST/PREFIX/org/app:1},
 * and no node mirror maps one to the other: a chart's upstream image names would not resolve.
 * Renders each chart with the values given and refuses, naming every image it would run and where
 * the registry holds it, instead of guessing which of the chart's values name images.
 */
final class FlatNames {

  private static final Pattern IMAGE =
      Pattern.compile("^\\s*(?:-\\s*)?image:\\s*[\"']?([^\"'\\s]+)[\"']?\\s*$", Pattern.MULTILINE);

  private FlatNames() {}

  static void check(
      InstallRun run,
      MirrorTarget registry,
      HelmReleases helm,
      List<ChartSelection.Selected> selected)
      throws BadInputException, java.io.InterruptedIOException {
    if (!registry.flatten()) {
      return;
    }
    TargetNaming naming = new TargetNaming(registry.prefix(), true);
    Set<String> bundleImages =
        run.bundle().images().stream().map(i -> i.ref()).collect(Collectors.toSet());
    List<String> wrong = new ArrayList<>();
    for (ChartSelection.Selected s : selected) {
      String manifests =
          helm.render(
              s.choice(),
              ChartFiles.tgz(s.chart(), run.workDir()),
              ChartsStep.values(run, s.choice()));
      for (String image : images(manifests)) {
        String canonical;
        try {
          canonical = ImageRef.parse(image).toString();
        } catch (IllegalArgumentException e) {
          continue;
        }
        if (bundleImages.contains(canonical)) {
          ImageRef ref = ImageRef.parse(canonical);
          wrong.add(
              s.choice().release()
                  + ": "
                  + image
                  + " is in the registry as "
                  + registry.registry()
                  + "/"
                  + naming.repository(ref)
                  + (ref.digest() != null ? "@" + ref.digest() : ":" + ref.tag()));
        }
      }
    }
    if (!wrong.isEmpty()) {
      throw new BadInputException(
          Phrase.of(
              "With flat names the charts' upstream image names do not resolve through the nodes'"
                  + " mirrors. Rendered with the values given, they run: "
                  + String.join("; ", wrong)
                  + "."),
          Phrase.of(
              "Give each chart the values that name the images where the registry holds them (its"
                  + " values.yaml shows which keys do: ",
              Setting.CHART_VALUES,
              "), or push without ",
              Setting.FLATTEN,
              "."));
    }
  }

  /** Every {@code image:} value of rendered manifests. */
  static List<String> images(String manifests) {
    List<String> out = new ArrayList<>();
    Matcher m = IMAGE.matcher(manifests);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
