package io.airlock.installer.plan;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * OpenShift gives each namespace its own UID range and its SCCs (restricted-v2, hostnetwork-v2)
 * refuse pods that name a user outside it; so on OpenShift the pods name none and let the SCC
 * assign one. Everything else about them stays as hardened as elsewhere.
 */
final class OpenShiftPods {

  private OpenShiftPods() {}

  static void adapt(HasMetadata o) {
    PodSpec spec = null;
    if (o instanceof Pod p) {
      spec = p.getSpec();
    } else if (o instanceof Deployment d) {
      spec = d.getSpec().getTemplate().getSpec();
    } else if (o instanceof DaemonSet d) {
      spec = d.getSpec().getTemplate().getSpec();
    }
    if (spec == null || spec.getSecurityContext() == null) {
      return;
    }
    PodSecurityContext sc = spec.getSecurityContext();
    sc.setRunAsUser(null);
    sc.setRunAsGroup(null);
    sc.setFsGroup(null);
  }
}
