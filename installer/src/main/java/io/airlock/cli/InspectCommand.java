package io.airlock.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.airlock.core.Sizes;
import io.airlock.core.bundle.Bundle;
import io.airlock.core.bundle.BundleChart;
import io.airlock.core.bundle.BundleImage;
import io.airlock.core.oci.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airlock inspect}: what a bundle carries. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the images and Helm charts a bundle carries.",
      "Reads k0rdent-style bundles (charts/ + vendor image archives), OCI layouts, oci-archives,",
      "docker-archives and bundles with airlock-bundle.yaml; directories and .tar in place,",
      ".tar.gz and .tar.zst after unpacking them once into the work directory."
    })
final class InspectCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "BUNDLE", description = "The bundle: a directory or an archive.")
  Path bundle;

  @Option(names = "--json", description = "Print a JSON report instead of tables.")
  boolean json;

  @Mixin BundleOptions bundleOptions = new BundleOptions();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Bundle opened = bundleOptions.open(bundle, new ConsoleProgress(err, json));
    if (json) {
      out.println(
          Json.MAPPER
              .writer()
              .with(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(InspectReport.of(opened)));
    } else {
      printHuman(opened, out);
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static void printHuman(Bundle b, PrintWriter out) {
    out.println("Bundle   " + b.path() + " (" + b.format().id() + ")");
    if (b.unpackedTo() != null) {
      out.println("Unpacked " + b.unpackedTo());
    }
    if (b.name() != null) {
      out.println("Name     " + b.name());
    }
    out.println("Version  " + (b.version() == null ? "(not recorded)" : b.version()));
    out.println(
        "Content  "
            + b.images().size()
            + " images, "
            + b.charts().size()
            + " charts, "
            + Sizes.human(b.sizeBytes())
            + " ("
            + Sizes.human(b.sharedBytes())
            + " shared between images, stored once)");
    if (!b.images().isEmpty()) {
      out.println();
      Table images = new Table("IMAGE", "PLATFORMS", "SIZE", "DIGEST", "SOURCE");
      boolean anyGuessed = false;
      for (BundleImage i : b.images()) {
        anyGuessed |= i.refGuessed();
        images.add(
            i.ref() + (i.refGuessed() ? " *" : ""),
            i.platforms().isEmpty() ? "-" : String.join(",", i.platforms()),
            Sizes.human(i.sizeBytes()),
            i.digest().algorithm().ociName() + ":" + i.digest().shortHex(),
            i.source());
      }
      images.print(out);
      if (anyGuessed) {
        out.println("* name guessed from the file name: the archive records none.");
      }
    }
    if (!b.charts().isEmpty()) {
      out.println();
      Table charts = new Table("CHART", "VERSION", "SIZE", "SOURCE");
      for (BundleChart c : b.charts()) {
        charts.add(c.name(), c.version(), Sizes.human(c.sizeBytes()), c.source());
      }
      charts.print(out);
    }
  }

  /** The --json shape; fields are only ever added, never renamed. */
  record InspectReport(
      BundleInfo bundle, List<ImageInfo> images, List<ChartInfo> charts, List<String> warnings) {

    record BundleInfo(
        String path,
        String format,
        String name,
        String version,
        long sizeBytes,
        long sharedBytes,
        String unpackedTo) {}

    record ImageInfo(
        String ref,
        boolean refGuessed,
        String digest,
        String mediaType,
        List<String> platforms,
        long sizeBytes,
        String source) {}

    record ChartInfo(
        String name,
        String version,
        String appVersion,
        String source,
        String digest,
        long sizeBytes) {}

    static InspectReport of(Bundle b) {
      return new InspectReport(
          new BundleInfo(
              b.path().toString(),
              b.format().id(),
              b.name(),
              b.version(),
              b.sizeBytes(),
              b.sharedBytes(),
              b.unpackedTo() == null ? null : b.unpackedTo().toString()),
          b.images().stream()
              .map(
                  i ->
                      new ImageInfo(
                          i.ref(),
                          i.refGuessed(),
                          i.digest().toString(),
                          i.mediaType(),
                          i.platforms(),
                          i.sizeBytes(),
                          i.source()))
              .toList(),
          b.charts().stream()
              .map(
                  c ->
                      new ChartInfo(
                          c.name(),
                          c.version(),
                          c.appVersion(),
                          c.source(),
                          c.digest().toString(),
                          c.sizeBytes()))
              .toList(),
          b.warnings());
    }
  }
}
