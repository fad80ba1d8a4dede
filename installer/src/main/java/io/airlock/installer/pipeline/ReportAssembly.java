package io.airlock.installer.pipeline;

import io.airlock.core.Phrase;
import io.airlock.installer.plan.InstallPlan;
import io.airlock.installer.report.InstallReport;
import io.airlock.installer.report.ReportParts;
import java.util.ArrayList;
import java.util.List;

/** Makes the report of a run from what its steps found and made. */
final class ReportAssembly {

  private ReportAssembly() {}

  /**
   * @param outcome {@code completed}, {@code failed} or {@code cancelled}
   * @param failure what stopped the run, or null
   */
  static InstallReport of(InstallRun run, String outcome, Throwable failure) {
    InstallRequest r = run.request();
    List<String> next = new ArrayList<>(run.nextSteps());
    if (r.embedded()) {
      next.add(
          "The embedded registry serves only while Airlock runs; 'airlock serve --storage "
              + ((InstallRequest.Destination.Embedded) r.destination()).storage()
              + "' keeps serving it.");
    }
    if (failure != null) {
      next.add(
          "Fix what the problem above says and run the same installation again: every step"
              + " does only what is missing, and the push continues where it stopped.");
    }
    List<String> notDone = new ArrayList<>();
    boolean nodesConfigured = r.cluster() != null && r.cluster().nodes() != null;
    if (!run.mirrorFiles().isEmpty() && !nodesConfigured) {
      notDone.add(
          "Placing the mirror configuration on the nodes: copy the files above onto each node,"
              + " or run the installation again with your consent to configure the nodes.");
    }
    return new InstallReport(
        InstallReport.SCHEMA_VERSION,
        io.airlock.installer.AirlockVersion.version(),
        run.started().toString(),
        outcome,
        run.bundle == null ? null : ReportParts.bundle(run.bundle),
        run.verification,
        run.unverifiedConfirmation,
        run.facts == null || run.connection == null
            ? null
            : ReportParts.cluster(run.facts, run.connection.context(), r.cluster().namespace()),
        mode(run),
        run.pushed == null ? null : ReportParts.push(run.pushed),
        run.steps(),
        run.outputs(),
        notDone,
        next,
        failure == null ? List.of() : List.of(ReportParts.problem(failure)),
        run.objects(),
        run.mirrorFiles(),
        run.releases(),
        run.reportNotes());
  }

  private static InstallReport.ModeInfo mode(InstallRun run) {
    InstallRequest r = run.request();
    InstallPlan plan = run.plan;
    String pulls = run.mirrorTarget != null ? run.mirrorTarget.baseUrl() : null;
    if (r.destination() instanceof InstallRequest.Destination.Embedded) {
      return new InstallReport.ModeInfo(
          "external",
          true,
          "Airlock's registry on this machine; no registry in a cluster",
          pulls != null ? pulls : run.embedded == null ? null : "http://" + run.embedded.host(),
          List.of());
    }
    if (plan != null) {
      return new InstallReport.ModeInfo(
          plan.mode().mode().id(),
          false,
          plan.mode().why(),
          plan.target().baseUrl(),
          plan.advice() == null
              ? List.of()
              : plan.advice().consents().stream().map(Phrase::toString).toList());
    }
    return new InstallReport.ModeInfo(
        "external",
        false,
        "your registry",
        pulls != null ? pulls : run.pushTarget == null ? null : run.pushTarget.registry(),
        List.of());
  }
}
