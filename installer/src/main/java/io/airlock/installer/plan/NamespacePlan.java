package io.airlock.installer.plan;

import io.airlock.core.Phrase;
import io.airlock.core.Setting;
import io.airlock.installer.cluster.ClusterFacts;
import io.airlock.installer.cluster.PolicyFacts;
import io.airlock.installer.mode.ModeAdvisor;
import io.airlock.installer.mode.RegistryMode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The namespace of the plan: created with Airlock's labels, or kept as found; in a proxy mode the
 * Pod Security label that admits its pods, set only with the user's consent.
 */
final class NamespacePlan {

  private NamespacePlan() {}

  static void plan(PlanInput in, RegistryMode mode, PlanChanges changes) {
    ClusterFacts f = in.facts();
    Namespace probe =
        new NamespaceBuilder().withNewMetadata().withName(in.namespace()).endMetadata().build();
    Optional<HasMetadata> existing = in.existing().find(probe);
    Map<String, String> labels = new LinkedHashMap<>();
    if (existing.isPresent() && existing.get().getMetadata().getLabels() != null) {
      labels.putAll(existing.get().getMetadata().getLabels());
    } else if (existing.isEmpty()) {
      labels.put("app.kubernetes.io/managed-by", "airlock");
      labels.put("app.kubernetes.io/part-of", "airlock");
    }
    Map<String, String> before = new LinkedHashMap<>(labels);
    String note = existing.isPresent() ? "labels kept as they are" : "new";
    if (mode.usesProxy()) {
      String feature = mode == RegistryMode.HOSTPORT ? "hostPort" : "hostNetwork";
      if (!f.version().hasPodSecurityAdmission()) {
        changes.note(
            "Kubernetes "
                + f.version()
                + " has no Pod Security Admission (1.23+): Airlock sets no pod-security labels; a PodSecurityPolicy or policy engine must admit "
                + feature
                + " pods in "
                + in.namespace());
      } else if (ModeAdvisor.privilegedLabelNeeded(f, feature)) {
        String current = labels.get(PolicyFacts.PSA_ENFORCE);
        if (!in.allowPrivilegedNamespace()) {
          changes.problem(
              Phrase.of(
                  "Mode "
                      + mode.id()
                      + " needs "
                      + feature
                      + " pods in "
                      + in.namespace()
                      + ", which Pod Security "
                      + (current != null
                          ? "'" + current + "' (the namespace's label)"
                          : "at the cluster's default level")
                      + " refuses. Re-run with ",
                  Setting.ALLOW_PRIVILEGED_NAMESPACE,
                  " to let Airlock set "
                      + PolicyFacts.PSA_ENFORCE
                      + "=privileged on "
                      + in.namespace()
                      + ", or choose another mode"));
        } else {
          labels.put(PolicyFacts.PSA_ENFORCE, "privileged");
          changes.note(
              "Pod Security: namespace "
                  + in.namespace()
                  + " enforced level "
                  + (current != null ? "'" + current + "'" : "(the cluster's default)")
                  + " -> 'privileged', with your consent, for the "
                  + feature
                  + " pods of mode "
                  + mode.id());
          note =
              current != null
                  ? "changes "
                      + PolicyFacts.PSA_ENFORCE
                      + " from '"
                      + current
                      + "' to 'privileged' (you consented to a privileged namespace); other labels kept"
                  : "sets "
                      + PolicyFacts.PSA_ENFORCE
                      + "=privileged (you consented to a privileged namespace)";
        }
      }
    }
    probe.getMetadata().setLabels(labels);
    if (existing.isEmpty()) {
      changes.add(new PlannedChange(PlannedChange.Action.CREATE, probe, note));
    } else if (!before.equals(labels)) {
      changes.add(new PlannedChange(PlannedChange.Action.UPDATE, probe, note));
    }
    // An uninstall removes the namespace only when Airlock made it, never one it found.
    boolean ours = "airlock".equals(labels.get(Labels.MANAGED_BY));
    changes.record(probe, ours);
  }
}
