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
      names = "--no-runnable",
      description =
          "Leave out the runnable image (docker.io/airlock-samples/hello:1.0.0, a static HTTP"
              + " server built from source) and its chart hello.")
  boolean noRunnable;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print only the bundle path.")
  boolean quiet;

  /** The sample, with the runnable image the node module built from source when asked. */
  static SampleBundle sample(
      SampleBundle.Options options, io.airlock.core.progress.ProgressListener l, boolean runnable) {
    SampleBundle b = new SampleBundle(options, l);
    if (!runnable) {
      return b;
    }
    io.airlock.node.NodeImages node = io.airlock.node.NodeImages.load();
    java.util.Map<String, byte[]> programs = new java.util.TreeMap<>();
    for (String arch : io.airlock.node.NodeImages.ARCHITECTURES) {
      programs.put(arch, node.sampleApp(arch));
    }
    return b.withRunnable(programs);
  }

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
    SampleBundle.Result result = sample(options, progress, !noRunnable).write(out);
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
