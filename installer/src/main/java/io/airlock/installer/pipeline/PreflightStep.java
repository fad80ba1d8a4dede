package io.airlock.installer.pipeline;

import io.airlock.core.AirlockException;
import io.airlock.core.CheckFailedException;
import io.airlock.installer.plan.InstallPlan;
import java.io.InterruptedIOException;

/**
 * Learns the cluster and plans, before any change: a plan with problems (missing permissions, no
 * node for the injector, a NodePort in use, no storage) stops the run here with each problem and
 * what to do about it.
 */
final class PreflightStep implements InstallStep {

  @Override
  public String id() {
    return "preflight";
  }

  @Override
  public String title() {
    return "Check the cluster and plan";
  }

  @Override
  public Result run(InstallRun run) throws AirlockException, InterruptedIOException {
    Preflight.Planned planned = Preflight.plan(run);
    run.facts = planned.facts();
    run.plan = planned.plan();
    run.seed = planned.seed();
    Preflight.warn(run, planned.warnings());
    InstallPlan plan = planned.plan();
    if (!plan.problems().isEmpty()) {
      throw new CheckFailedException(
          "The cluster is not ready for mode "
              + plan.mode().mode().id()
              + ": "
              + String.join("; ", plan.problems())
              + ".",
          "Resolve each point above, then run again; nothing was changed.");
    }
    plan.notes().forEach(run::reportNote);
    return Result.done(
        "mode "
            + plan.mode().mode().id()
            + " ("
            + plan.mode().why()
            + "), "
            + plan.changes().size()
            + " object(s) planned; nodes pull from "
            + plan.target().baseUrl());
  }
}
