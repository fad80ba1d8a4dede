package io.airlock.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.airlock.core.BadInputException;
import io.airlock.core.Sizes;
import io.airlock.core.bundle.Bundle;
import io.airlock.core.bundle.BundleOpener;
import io.airlock.core.distribution.RetryPolicy;
import io.airlock.core.oci.Json;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.push.PushEngine;
import io.airlock.core.push.PushOptions;
import io.airlock.core.push.PushReport;
import io.airlock.installer.target.RegistryTarget;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airlock push}: every image and chart of a bundle into an OCI registry. */
@Command(
    name = "push",
    mixinStandardHelpOptions = true,
    description = {
      "Pushes every image and Helm chart of a bundle into an OCI registry, digest for digest.",
      "Images go to REGISTRY/PREFIX/SOURCE_REGISTRY/REPO:TAG (--flatten drops SOURCE_REGISTRY),",
      "charts to REGISTRY/PREFIX/charts/NAME:VERSION; signatures and referrers go with their image.",
      "An interrupted push continues where it stopped when run again."
    })
final class PushCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "BUNDLE", description = "The bundle: a directory or an archive.")
  Path bundle;

  @Option(
      names = "--registry",
      required = true,
      paramLabel = "HOST[:PORT][/PREFIX]",
      description = "The target registry and an optional path prefix, e.g. 10.0.0.5:5000/mirror.")
  String registry;

  @Option(
      names = "--plain-http",
      description = "Speak plain HTTP instead of TLS (credentials then go only to this machine).")
  boolean plainHttp;

  @Option(
      names = "--ca-file",
      paramLabel = "PEM",
      description = "Also trust the CA certificates in this PEM file.")
  Path caFile;

  @Option(
      names = "--insecure-skip-tls-verify",
      description =
          "Accept any TLS certificate (encrypted, but the registry is not authenticated).")
  boolean insecure;

  @Mixin RegistryLogin login = new RegistryLogin();

  @Mixin PushTuningOptions tuning = new PushTuningOptions();

  @Option(
      names = "--only",
      paramLabel = "GLOB",
      description =
          "Push only what matches (repeatable): full source refs such as"
              + " 'docker.io/library/nginx:*' or 'charts/NAME:VERSION'; * matches anything.")
  List<String> only = new ArrayList<>();

  @Option(names = "--flatten", description = "Leave the source registry out of target paths.")
  boolean flatten;

  @Option(
      names = "--verify",
      description = "Afterwards, read every manifest back and compare its digest.")
  boolean verify;

  @Option(
      names = "--json-progress",
      description = "Progress as JSON lines on stderr, and the report as JSON on stdout.")
  boolean jsonProgress;

  @Option(
      names = "--chunk-mb",
      paramLabel = "MB",
      defaultValue = "32",
      hidden = true,
      description = "Size of upload chunks in MiB; smaller blobs go in one request.")
  double chunkMb;

  @Option(
      names = "--stall-timeout",
      paramLabel = "SECONDS",
      defaultValue = "60",
      hidden = true,
      description = "A request without progress this long counts as broken.")
  double stallSeconds;

  @Option(
      names = "--retry-delay-ms",
      paramLabel = "MS",
      defaultValue = "1000",
      hidden = true,
      description = "Delay before the first retry; doubles each time.")
  long retryDelayMs;

  @Mixin BundleOptions bundleOptions = new BundleOptions();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    StartTiming.mark(err, "command-ms");
    PushOptions options = options();
    Path workDir = BundleOpener.workDirOrDefault(bundleOptions.workDir);
    Bundle opened = bundleOptions.open(bundle, new ConsoleProgress(err, jsonProgress));
    StartTiming.mark(err, "bundle-indexed-ms");
    ProgressListener progress =
        jsonProgress ? new JsonProgress(err) : new PushConsole(err, System.console() != null);
    PushReport report;
    try {
      report =
          new PushEngine(options, workDir.resolve("push"), StartTiming.around(progress, err))
              .push(opened);
    } finally {
      if (progress instanceof PushConsole console) {
        console.close();
      }
    }
    if (jsonProgress) {
      out.println(
          Json.MAPPER
              .writer()
              .with(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(JsonProgress.report(report)));
    } else {
      printSummary(out, report);
    }
    out.flush();
    return ExitCodes.OK;
  }

  private PushOptions options() throws BadInputException {
    tuning.check();
    RegistryTarget target =
        RegistryTarget.of(
            registry,
            plainHttp,
            caFile,
            insecure,
            login.credentials("push"),
            flatten,
            RegistryTarget.Words.PUSH);
    Path stateDir = BundleOpener.workDirOrDefault(bundleOptions.workDir).resolve("push-state");
    RetryPolicy retry =
        new RetryPolicy(
            tuning.retries,
            Duration.ofMillis(Math.max(1, retryDelayMs)),
            Duration.ofSeconds(60),
            Duration.ofMillis(Math.max(100, (long) (stallSeconds * 1000))));
    return target
        .pushOptionsBuilder(stateDir)
        .concurrency(tuning.concurrency)
        .retry(retry)
        .only(only)
        .verify(verify)
        .chunkSize(Math.max(1024, (long) (chunkMb * (1 << 20))))
        .build();
  }

  private static void printSummary(PrintWriter out, PushReport r) {
    double seconds = Math.max(0.001, r.elapsed().toMillis() / 1000.0);
    out.printf(
        Locale.ROOT,
        "Pushed %d of %d to %s in %.2f s: %s sent (%s/s); %d blobs uploaded, %d mounted, %d"
            + " already there%s.%n",
        r.pushedCount(),
        r.artifacts().size(),
        r.target(),
        seconds,
        Sizes.human(r.sentBytes()),
        Sizes.human((long) (r.sentBytes() / seconds)),
        r.blobsUploaded(),
        r.blobsMounted(),
        r.blobsPresent(),
        r.resumedUploads() > 0 ? "; " + r.resumedUploads() + " interrupted uploads resumed" : "");
    if (r.presentCount() > 0) {
      out.println(r.presentCount() + " were already in the registry with the same digest.");
    }
    if (r.verified()) {
      out.println("Verified: every manifest reads back with its digest.");
    }
    Table table = new Table("SOURCE", "TARGET", "DIGEST", "STATE");
    for (PushReport.Pushed p : r.artifacts()) {
      table.add(
          p.name(),
          p.targetRef(),
          p.digest().algorithm().ociName() + ":" + p.digest().shortHex(),
          p.alreadyPresent() ? "present" : "pushed");
    }
    table.print(out);
  }
}
