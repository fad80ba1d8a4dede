package io.airlock.installer.pipeline;

import io.airlock.core.AirlockException;
import io.airlock.installer.mode.RegistryMode;
import io.airlock.installer.plan.PlanParts;
import io.airlock.installer.plan.PlannedChange;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * Removes the seed once the registry runs: the injector pod, its NodePort and the payload
 * ConfigMaps (nodeport mode: the registry holds its own image from now on; a later run seeds again
 * when the registry must start where its image is not).
 */
final class RemoveInjectorStep implements InstallStep {

  @Override
  public String id() {
    return "remove-injector";
  }

  @Override
  public String title() {
    return "Remove the injector";
  }

  @Override
  public Result run(InstallRun run) throws AirlockException {
    if (run.plan.mode().mode() != RegistryMode.NODEPORT) {
      return Result.skipped("proxy modes keep the seed for nodes added later");
    }
    int deleted = ClusterChanges.delete(run, seedObjects(run));
    return Result.done(
        deleted == 0
            ? "nothing to remove: no injector runs"
            : deleted + " object(s) removed (pod, NodePort 31998, payload ConfigMaps)");
  }

  /** The seed's objects, the pod first so nothing reads a ConfigMap that is gone. */
  static List<HasMetadata> seedObjects(InstallRun run) {
    return run.plan.changes().stream()
        .filter(c -> c.action() != PlannedChange.Action.DELETE)
        .map(PlannedChange::object)
        .filter(o -> PlanParts.of(o) == PlanParts.Part.SEED)
        .sorted(java.util.Comparator.comparing(o -> o.getKind().equals("Pod") ? 0 : 1))
        .toList();
  }
}
