package io.airlock.installer.pipeline;

import io.airlock.core.AirlockException;
import io.airlock.core.CheckFailedException;
import io.airlock.core.Phrase;
import io.airlock.installer.cluster.Permission;
import io.airlock.installer.mode.RegistryMode;
import io.airlock.installer.plan.InstallPlan;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Learns the cluster and plans, before any change: a plan with problems (missing permissions, no
 * node for the injector, a NodePort in use, no storage) stops the run here with each problem and
 * what to do about it.
 */
final class PreflightStep implements InstallStep {

  /** Whether a mode uses a permission: the proxy modes' DaemonSets and RBAC, external little. */
  static boolean needed(Permission p, RegistryMode mode, boolean namespaceExists) {
    if (p.resource().equals("namespaces")) {
      // Made only when missing; labelled only for a proxy mode's Pod Security.
      return p.verb().equals("create")
          ? !namespaceExists
          : p.verb().equals("get") || mode.usesProxy();
    }
    return switch (mode) {
      case EXTERNAL -> Set.of("namespaces", "secrets", "configmaps").contains(p.resource());
      case NODEPORT ->
          !Set.of("daemonsets", "roles", "rolebindings", "securitycontextconstraints")
              .contains(p.resource());
      case HOSTPORT, HOSTNETWORK -> true;
    };
  }

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
    List<Phrase> problems = new ArrayList<>(plan.problems());
    for (Permission p : run.facts.policy().permissions()) {
      if (Boolean.FALSE.equals(p.allowed())
          && needed(p, plan.mode().mode(), run.facts.policy().namespaceExists())) {
        problems.add(Phrase.of("your user may not " + p.describe() + ", needed to " + p.why()));
      }
    }
    if (!problems.isEmpty()) {
      throw new CheckFailedException(
          Phrase.of("The cluster is not ready for mode " + plan.mode().mode().id() + ": ")
              .then(Phrase.join("; ", problems))
              .then("."),
          Phrase.of("Resolve each point above, then run again; nothing was changed."));
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
