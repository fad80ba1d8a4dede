package io.airlock.cli;

import io.airlock.core.AirlockException;
import io.airlock.core.BadInputException;
import io.airlock.core.bundle.BundleOpener;
import io.airlock.core.verify.VerificationRequest;
import io.airlock.installer.pipeline.ClusterRequest;
import io.airlock.installer.pipeline.InstallOutcome;
import io.airlock.installer.pipeline.InstallPipeline;
import io.airlock.installer.pipeline.InstallRequest;
import io.airlock.installer.pipeline.InstallRun;
import io.airlock.installer.pipeline.Preflight;
import io.airlock.installer.plan.InstallPlan;
import io.airlock.installer.plan.PlanOutput;
import io.airlock.installer.report.ReportWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code airlock install}: the installation pipeline from the command line (or its plan, with
 * --dry-run).
 */
@Command(
    name = "install",
    mixinStandardHelpOptions = true,
    description = {
      "Installs a bundle into a cluster: verifies it, checks the cluster, runs Airlock's registry",
      "in it (mode nodeport: seeded by an injector, reached by the nodes on 127.0.0.1:31999) or",
      "uses yours (--registry-url), pushes every image and chart through a tunnel, and saves the",
      "state in the cluster and a report here. Running it again does only what is missing;",
      "'airlock uninstall' removes what it made. --dry-run plans and changes nothing.",
      "--chart NAME (and --default-charts) then installs or upgrades the bundle's charts as Helm",
      "releases, waiting for their pods; 'airlock uninstall --charts' removes those releases."
    })
final class InstallCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "BUNDLE", description = "The bundle to install (directory or archive).")
  Path bundle;

  @Option(names = "--dry-run", description = "Print the plan and change nothing.")
  boolean dryRun;

  @Option(
      names = "--key",
      paramLabel = "KEY",
      description =
          "The vendor's public key (or a directory of keys); the signature is BUNDLE.sig.")
  Path key;

  @Option(
      names = "--signature",
      paramLabel = "SIG",
      description = "The bundle's detached signature (default: BUNDLE.sig).")
  Path signature;

  @Option(
      names = "--checksums",
      paramLabel = "SUMS",
      description = "A sha256sum/sha512sum list to check as well.")
  Path checksums;

  @Option(
      names = "--insecure-skip-verify",
      description = "Install without verifying the bundle: said loudly and recorded in the report.")
  boolean insecureSkipVerify;

  @Mixin RegistryLogin login = new RegistryLogin();

  @Mixin PushTuningOptions tuning = new PushTuningOptions();

  @Option(
      names = "--ready-timeout",
      paramLabel = "SECONDS",
      defaultValue = "180",
      description =
          "How long the injector and the registry may take to serve (default: ${DEFAULT-VALUE}).")
  int readyTimeout;

  @Option(
      names = "--report-dir",
      paramLabel = "DIR",
      description =
          "Where the report goes (JSON and Markdown). Default: $XDG_STATE_HOME/airlock/reports.")
  Path reportDir;

  @Option(
      names = "--server-dry-run",
      description = {
        "Also send every planned object to the API server with dryRun=All (implies --dry-run):",
        "its validation and admission judge them; nothing is stored."
      })
  boolean serverDryRun;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description =
          "yaml or json: print the objects as a Kubernetes List on stdout (secrets redacted); the summary goes to stderr.")
  String output;

  @Mixin InstallClusterOptions target = new InstallClusterOptions();

  @Mixin ChartOptions chartOptions = new ChartOptions();

  @Mixin KubeOptions kube = new KubeOptions();
  @Mixin BundleOptions bundleOptions = new BundleOptions();

  @Override
  public Integer call() throws Exception {
    if (output != null && !output.equals("yaml") && !output.equals("json")) {
      throw new BadInputException("Invalid -o " + output + ".", "Use -o yaml or -o json.");
    }
    if (output != null && !dryRun && !serverDryRun) {
      throw new BadInputException(
          "-o prints a plan: it goes with --dry-run.", "Add --dry-run, or drop -o.");
    }
    return dryRun || serverDryRun ? plan() : install();
  }

  private int install() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (insecureSkipVerify) {
      Messages.printWarning(
          err,
          "--insecure-skip-verify: the bundle is NOT verified; anything in it goes to the cluster."
              + " The report records it.");
    }
    InstallPipeline pipeline = InstallPipeline.of(request(false));
    InstallOutcome outcome;
    try (InstallConsole console = new InstallConsole(out, err)) {
      outcome = pipeline.run(console);
    }
    InstallRun run = pipeline.state();
    out.println();
    out.println(
        "Installed: "
            + outcome.pushed().artifacts().size()
            + " images and charts; nodes pull from "
            + run.plan().target().baseUrl()
            + " ("
            + run.plan().mode().mode().id()
            + " mode).");
    if (outcome.written() != null) {
      out.println("Report: " + outcome.written().markdown());
      out.println("        " + outcome.written().json());
    }
    for (var r : run.releases()) {
      out.println("Release: " + r.summary());
    }
    run.nextSteps().forEach(n -> out.println("Next: " + n));
    if (!chartOptions.defaults && run.releases().isEmpty()) {
      var defaults = io.airlock.installer.charts.ChartSelection.defaults(run.bundle());
      if (!defaults.isEmpty()) {
        out.println(
            "Next: install the bundle's product with --default-charts ("
                + String.join(", ", defaults.stream().map(c -> c.chart()).toList())
                + ") or --chart NAME.");
      }
    }
    out.flush();
    return ExitCodes.OK;
  }

  private int plan() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ConsoleProgress progress = new ConsoleProgress(err, output != null);
    Preflight.DryRun planned;
    try {
      planned = Preflight.dryRun(request(true), serverDryRun, progress);
    } finally {
      progress.endLine();
    }
    InstallPlan plan = planned.planned().plan();
    if (output != null) {
      out.print(output.equals("yaml") ? PlanOutput.yaml(plan) : PlanOutput.json(plan) + "\n");
      out.flush();
      PlanSummary.print(planned, err);
    } else {
      PlanSummary.print(planned, out);
    }
    planned.warnings().forEach(w -> Messages.printWarning(err, w));
    out.flush();
    err.flush();
    return plan.problems().isEmpty() && planned.refused().isEmpty()
        ? ExitCodes.OK
        : ExitCodes.CHECK_FAILED;
  }

  /** How the bundle comes to be trusted: verified now, or skipped on the record. */
  private InstallRequest.Trust trust(boolean planOnly, Path work) throws BadInputException {
    if (planOnly) {
      return new InstallRequest.Trust.Unverified("a dry-run installs nothing");
    }
    if (insecureSkipVerify) {
      if (key != null || checksums != null) {
        throw new BadInputException(
            "--insecure-skip-verify cannot be combined with --key or --checksums.",
            "Verify (the default) or skip it on purpose; not both.");
      }
      return new InstallRequest.Trust.Unverified(
          "--insecure-skip-verify, " + java.time.Instant.now());
    }
    if (key == null && checksums == null) {
      throw new BadInputException(
          "airlock install verifies the bundle before anything reaches the cluster: give the"
              + " vendor's key with --key (the signature BUNDLE.sig beside it), or --checksums.",
          "To install an unverified bundle on purpose, add --insecure-skip-verify (the report"
              + " records it).");
    }
    return new InstallRequest.Trust.Check(
        VerificationRequest.builder()
            .subject(bundle)
            .keys(key)
            .signature(signature)
            .checksums(checksums)
            .contents(true)
            .workDir(work)
            .build());
  }

  /** The options as the installer's request. */
  InstallRequest request(boolean planOnly) throws AirlockException {
    tuning.check();
    if (readyTimeout < 5) {
      throw new BadInputException("--ready-timeout must be at least 5 seconds.");
    }
    ClusterRequest cluster = target.cluster(kube, java.time.Duration.ofSeconds(readyTimeout));
    InstallRequest.Destination destination =
        target.destination(planOnly ? null : login.credentials("install"));
    Path work = BundleOpener.workDirOrDefault(bundleOptions.workDir);
    return new InstallRequest(
        bundle,
        null,
        trust(planOnly, work),
        destination,
        cluster,
        work,
        planOnly ? null : reportDir != null ? reportDir : ReportWriter.defaultDir(),
        new InstallRequest.PushTuning(tuning.concurrency, tuning.retries, true),
        planOnly ? InstallRequest.Charts.NONE : chartOptions.request());
  }
}
