package io.airlock.installer.testing;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** What tests read of a Deployment's or DaemonSet's pod template. */
public final class Workloads {

  private Workloads() {}

  /** The pod template's spec; Airlock's workloads are Deployments and DaemonSets. */
  public static PodSpec podSpec(HasMetadata workload) {
    if (workload instanceof Deployment d) {
      return d.getSpec().getTemplate().getSpec();
    }
    if (workload instanceof DaemonSet d) {
      return d.getSpec().getTemplate().getSpec();
    }
    throw new AssertionError("not a Deployment or DaemonSet: " + workload.getKind());
  }

  /** The pod template's first (for Airlock's workloads: its only) container. */
  public static Container firstContainer(HasMetadata workload) {
    return podSpec(workload).getContainers().get(0);
  }
}
