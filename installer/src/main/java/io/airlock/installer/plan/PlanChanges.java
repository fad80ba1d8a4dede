package io.airlock.installer.plan;

import io.airlock.core.Phrase;
import io.airlock.installer.cluster.Distro;
import io.airlock.installer.state.InstallState;
import io.airlock.installer.state.StateStore;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a plan is being made of: each object wanted (create or update against what the cluster
 * holds) or kept, the deletions of what an earlier run installed and this one no longer has, the
 * problems and notes, and the objects Airlock installs (for the state record).
 */
final class PlanChanges {

  private final PlanInput in;
  private final List<PlannedChange> changes = new ArrayList<>();
  private final List<Phrase> problems = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final Set<String> planned = new LinkedHashSet<>();
  private final List<InstallState.InstalledObject> installed = new ArrayList<>();

  PlanChanges(PlanInput in) {
    this.in = in;
  }

  List<PlannedChange> changes() {
    return changes;
  }

  List<Phrase> problems() {
    return problems;
  }

  List<String> notes() {
    return notes;
  }

  List<InstallState.InstalledObject> installed() {
    return installed;
  }

  void add(PlannedChange change) {
    changes.add(change);
  }

  void problem(Phrase problem) {
    problems.add(problem);
  }

  void problem(String problem) {
    problems.add(Phrase.of(problem));
  }

  void note(String note) {
    notes.add(note);
  }

  void want(HasMetadata o, String note) {
    if (in.facts().distroKind() == Distro.OPENSHIFT) {
      OpenShiftPods.adapt(o);
    }
    boolean exists = in.existing().find(o).isPresent();
    changes.add(
        new PlannedChange(
            exists ? PlannedChange.Action.UPDATE : PlannedChange.Action.CREATE, o, note));
    record(o);
  }

  void keep(HasMetadata o, String why) {
    note(o.getKind() + " " + o.getMetadata().getName() + " kept: " + why);
    record(o);
  }

  void record(HasMetadata o) {
    record(o, true);
  }

  void record(HasMetadata o, boolean installedByAirlock) {
    planned.add(
        key(
            o.getApiVersion(),
            o.getKind(),
            o.getMetadata().getNamespace(),
            o.getMetadata().getName()));
    if (installedByAirlock
        && !(o.getKind().equals("Secret") && o.getMetadata().getName().equals(StateStore.NAME))) {
      installed.add(
          new InstallState.InstalledObject(
              o.getApiVersion(),
              o.getKind(),
              o.getMetadata().getNamespace(),
              o.getMetadata().getName()));
    }
  }

  private static String key(String apiVersion, String kind, String ns, String name) {
    return apiVersion + "/" + kind + "/" + ns + "/" + name;
  }

  /** Objects an earlier run installed that this plan no longer has: a mode switch removes them. */
  void deletions() {
    InstallState before = in.facts().installed();
    if (before == null) {
      return;
    }
    for (InstallState.InstalledObject o : before.installed()) {
      if (planned.contains(key(o.apiVersion(), o.kind(), o.namespace(), o.name()))) {
        continue;
      }
      HasMetadata ref =
          new GenericKubernetesResourceBuilder()
              .withApiVersion(o.apiVersion())
              .withKind(o.kind())
              .withNewMetadata()
              .withName(o.name())
              .withNamespace(o.namespace())
              .endMetadata()
              .build();
      changes.add(
          new PlannedChange(
              PlannedChange.Action.DELETE,
              ref,
              "installed for mode "
                  + before.mode()
                  + ", not used in mode "
                  + in.mode().mode().id()));
    }
  }
}
