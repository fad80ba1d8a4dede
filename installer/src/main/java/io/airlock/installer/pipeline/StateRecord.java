package io.airlock.installer.pipeline;

import io.airlock.core.BadInputException;
import io.airlock.core.RemoteFailureException;
import io.airlock.installer.plan.PlannedChange;
import io.airlock.installer.state.InstallState;
import io.airlock.installer.state.StateStore;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The state Secret of a run: as the plan makes it, and saved at the start and the end. */
final class StateRecord {

  private StateRecord() {}

  /**
   * What the plan records. Objects an earlier run made and this one does not plan (a mode switch
   * deletes them later) stay listed until they are gone, so an uninstall still finds them.
   */
  static InstallState planned(InstallRun run) throws BadInputException {
    Secret planned =
        (Secret)
            run.plan.changes().stream()
                .map(PlannedChange::object)
                .filter(
                    o -> o instanceof Secret s && s.getMetadata().getName().equals(StateStore.NAME))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the plan has no state Secret"));
    InstallState state = StateStore.fromSecret(planned);
    InstallState before = run.facts.installed();
    if (before == null) {
      return state;
    }
    Set<InstallState.InstalledObject> all = new LinkedHashSet<>(state.installed());
    all.addAll(before.installed());
    return state.withInstalled(new ArrayList<>(all));
  }

  static void save(InstallRun run, InstallState state)
      throws BadInputException, RemoteFailureException, InterruptedIOException {
    Secret secret = StateStore.toSecret(state, run.request().cluster().namespace());
    ClusterChanges.apply(
        run,
        new PlannedChange(
            run.facts.installed() == null && !saved(run)
                ? PlannedChange.Action.CREATE
                : PlannedChange.Action.UPDATE,
            secret,
            "state"));
    run.stateSaved = true;
  }

  private static boolean saved(InstallRun run) {
    return run.stateSaved;
  }

  /** The listed objects without those removed. */
  static List<InstallState.InstalledObject> without(
      List<InstallState.InstalledObject> listed, List<InstallState.InstalledObject> removed) {
    List<InstallState.InstalledObject> kept = new ArrayList<>(listed);
    kept.removeAll(removed);
    return kept;
  }
}
