package io.airlock.app.wizard;

import io.airlock.core.AirlockException;
import io.airlock.core.push.PushReport;
import io.airlock.installer.cluster.ClusterFacts;
import io.airlock.installer.mirrors.MirrorTarget;
import io.airlock.installer.report.InstallReport;
import io.airlock.installer.report.ReportParts;
import io.airlock.installer.report.ReportWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Collects what an install run did into an {@link InstallReport} and saves it. */
final class InstallReportBuilder {

  private final WizardState state;
  private final Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private final List<InstallReport.Step> steps = new ArrayList<>();
  private final List<InstallReport.Output> outputs = new ArrayList<>();
  private final List<String> nextSteps = new ArrayList<>();
  private PushReport pushed;
  private MirrorTarget target;

  InstallReportBuilder(WizardState state) {
    this.state = state;
  }

  /** The time stamp the report's file names carry. */
  String stamp() {
    return DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
        .withZone(ZoneOffset.UTC)
        .format(started);
  }

  void step(String name, String status, String detail) {
    steps.add(new InstallReport.Step(name, status, detail));
  }

  void pushed(PushReport r) {
    pushed = r;
    step(
        "push",
        "done",
        r.pushedCount() + " pushed, " + r.presentCount() + " already present, to " + r.target());
  }

  void mirrors(MirrorTarget t, Path dir) {
    target = t;
    step("mirror configuration", "done", "every format, pointing at " + t.baseUrl());
    outputs.add(
        new InstallReport.Output(
            "mirror configuration (one directory per format)", dir.toString()));
    nextSteps.add(
        "Copy the mirror configuration of each node's runtime from "
            + dir
            + " onto the node's root (e.g. "
            + dir.resolve("containerd")
            + "/etc/... to /etc/...), then do the steps it names (usually restart the runtime).");
  }

  ReportWriter.Written write(String outcome, Throwable failure) throws AirlockException {
    RegistryChoice choice = state.registry.get();
    ClusterFacts f = state.noCluster.get() ? null : state.cluster.get();
    List<InstallReport.Problem> problems =
        failure == null ? List.of() : List.of(ReportParts.problem(failure));
    List<String> next = new ArrayList<>(nextSteps);
    if (choice == RegistryChoice.EMBEDDED) {
      next.add(
          "The embedded registry serves only while Airlock is open; run 'airlock serve --storage "
              + RegistryPage.embeddedStorage(state)
              + "' to keep serving it.");
    }
    if (failure != null) {
      next.add(
          "Fix what the problem above says and press Resume: the push continues where it stopped.");
    }
    InstallReport report =
        new InstallReport(
            InstallReport.SCHEMA_VERSION,
            io.airlock.cli.VersionProvider.version(),
            started.toString(),
            outcome,
            state.bundle.get() == null ? null : ReportParts.bundle(state.bundle.get()),
            state.verification.get(),
            state.skipConfirmation.get(),
            f == null ? null : ReportParts.cluster(f, state.context.get(), state.namespace.get()),
            choice == null
                ? null
                : new InstallReport.ModeInfo(
                    choice == RegistryChoice.EMBEDDED ? "external" : choice.mode.id(),
                    choice == RegistryChoice.EMBEDDED,
                    choice == RegistryChoice.EMBEDDED
                        ? "no cluster: chosen on the Cluster step"
                        : "chosen on the Registry step",
                    target == null ? null : target.baseUrl(),
                    List.of()),
            pushed == null ? null : ReportParts.push(pushed),
            steps,
            outputs,
            List.of(
                "Installing a registry inside the cluster (nodeport, hostport, hostnetwork modes)"
                    + " and applying the mirror configuration on the nodes."),
            next,
            problems);
    return ReportWriter.write(report, state.options.reportDir());
  }
}
