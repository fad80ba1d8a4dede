package io.airlock.installer.pipeline;

import io.airlock.core.AirlockException;
import io.airlock.installer.pki.PkiChange;
import io.airlock.installer.plan.PlanParts;
import io.airlock.installer.state.InstallState;
import java.io.InterruptedIOException;
import java.time.Instant;

/**
 * The namespace, the service accounts, the certificates and the push credentials; then, before
 * anything else is made, the state Secret listing every object this run may make (marked {@code
 * installing}): a run stopped by Ctrl-C or {@code kill -9} at any later point leaves a cluster that
 * the next run completes or {@code airlock uninstall} removes.
 */
final class PrepareStep implements InstallStep {

  @Override
  public String id() {
    return "prepare";
  }

  @Override
  public String title() {
    return "Namespace, identities and certificates";
  }

  @Override
  public Result run(InstallRun run) throws AirlockException, InterruptedIOException {
    int sent = ClusterChanges.apply(run, PlanParts.Part.ACCESS);
    // A CA replacement spans runs and years: the report says where it stands, not only the plan.
    run.plan.certificates().stream()
        .filter(PkiChange::rotation)
        .forEach(c -> run.reportNote("Certificates: " + c));
    InstallState planned = StateRecord.planned(run);
    StateRecord.save(run, planned.withStatus(InstallState.INSTALLING, Instant.now().toString()));
    return Result.done(
        sent
            + " object(s) applied in "
            + run.request().cluster().namespace()
            + "; the state Secret lists the "
            + planned.installed().size()
            + " object(s) this installation makes");
  }
}
