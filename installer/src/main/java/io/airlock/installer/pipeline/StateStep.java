package io.airlock.installer.pipeline;

import io.airlock.core.AirlockException;
import io.airlock.installer.mode.RegistryMode;
import io.airlock.installer.plan.BundleSummary;
import io.airlock.installer.state.InstallState;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.InterruptedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Saves the state Secret as the run leaves the cluster: the mode, the registry, the certificates'
 * fingerprints, the objects Airlock made and keeps (what {@code airlock uninstall} removes), the
 * bundles pushed; marked {@code installed}.
 */
final class StateStep implements InstallStep {

  @Override
  public String id() {
    return "state";
  }

  @Override
  public String title() {
    return "Save the state in the cluster";
  }

  @Override
  public Result run(InstallRun run) throws AirlockException, InterruptedIOException {
    InstallState planned = StateRecord.planned(run);
    List<InstallState.InstalledObject> removed = new ArrayList<>();
    if (run.plan.mode().mode() == RegistryMode.NODEPORT) {
      removed.addAll(installed(RemoveInjectorStep.seedObjects(run)));
    }
    if (run.oldModeRemoved) {
      removed.addAll(installed(PathCheckStep.oldModeObjects(run)));
    }
    BundleSummary b = BundleSummary.of(run.bundle());
    List<InstallState.InstalledBundle> bundles = new ArrayList<>(planned.bundles());
    bundles.removeIf(
        x -> x.name().equals(b.name()) && java.util.Objects.equals(x.version(), b.version()));
    bundles.add(
        new InstallState.InstalledBundle(
            b.name(), b.version(), b.images(), b.charts(), Instant.now().toString()));
    InstallState state =
        planned
            .withInstalled(StateRecord.without(planned.installed(), removed))
            .withBundles(bundles)
            .withNodes(run.nodeConfigs != null ? run.nodeConfigs : planned.nodes())
            .withStatus(InstallState.INSTALLED, Instant.now().toString());
    StateRecord.save(run, state);
    return Result.done(
        state.installed().size()
            + " object(s) recorded in "
            + run.request().cluster().namespace()
            + "/airlock-state; an uninstall removes exactly those");
  }

  private static List<InstallState.InstalledObject> installed(List<HasMetadata> objects) {
    return objects.stream()
        .map(
            o ->
                new InstallState.InstalledObject(
                    o.getApiVersion(),
                    o.getKind(),
                    o.getMetadata().getNamespace(),
                    o.getMetadata().getName()))
        .toList();
  }
}
