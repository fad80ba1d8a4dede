package io.airlock.cli;

import io.airlock.core.BadInputException;
import io.airlock.core.Sizes;
import io.airlock.core.sample.SampleBundle;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airlock sample-bundle}: a deterministic bundle to try Airlock with. */
@Command(
    name = "sample-bundle",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a deterministic, valid sample bundle: seeded random layers, base layers shared",
      "between images, one multi-arch image, Helm charts and a k0rdent-enterprise chart with",
      "the product version. OUT ending in .tar, .tar.gz/.tgz or .tar.zst makes an archive;",
      "anything else a directory."
    })
final class SampleBundleCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "OUT", description = "Where to write the bundle (must not exist).")
  Path out;

  @Option(
      names = "--images",
      paramLabel = "N",
      defaultValue = "6",
      description = "Number of images (default: ${DEFAULT-VALUE}).")
  int images;

  @Option(
      names = "--layer-mb",
      paramLabel = "X",
      defaultValue = "1",
      description = "Size of each layer in MB, fractions allowed (default: ${DEFAULT-VALUE}).")
  double layerMb;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "k0rdent",
      description =
          "k0rdent (charts/ + vendor archives) or oci-layout (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "1",
      description = "Seed of the random content (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print only the bundle path.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    SampleBundle.Layout layout =
        switch (format) {
          case "k0rdent" -> SampleBundle.Layout.K0RDENT;
          case "oci-layout" -> SampleBundle.Layout.OCI_LAYOUT;
          default ->
              throw new BadInputException(
                  "Unknown --format '" + format + "'.", "Use k0rdent or oci-layout.");
        };
    long layerBytes = Math.round(layerMb * 1_000_000);
    SampleBundle.Options options;
    try {
      options = new SampleBundle.Options(images, layerBytes, layout, seed);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("Invalid sample-bundle options: " + e.getMessage() + ".");
    }
    PrintWriter err = spec.commandLine().getErr();
    ConsoleProgress progress = new ConsoleProgress(err, quiet);
    SampleBundle.Result result = new SampleBundle(options, progress).write(out);
    progress.endLine();
    PrintWriter stdout = spec.commandLine().getOut();
    if (quiet) {
      stdout.println(result.path());
    } else {
      stdout.println(
          "Wrote "
              + result.path()
              + ": "
              + result.images().size()
              + " images, "
              + result.charts().size()
              + " charts, layers of "
              + Sizes.human(layerBytes)
              + ".");
      stdout.println("Next: airlock inspect " + result.path());
    }
    stdout.flush();
    return ExitCodes.OK;
  }
}
