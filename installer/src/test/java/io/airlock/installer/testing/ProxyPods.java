package io.airlock.installer.testing;

import io.airlock.installer.plan.PlanParts;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import java.util.Map;

/**
 * The node proxies' DaemonSet and pods as a mock API server holds them after an install, each pod's
 * status written as its node's kubelet would.
 */
public final class ProxyPods {

  private ProxyPods() {}

  public static DaemonSet daemonSet(String namespace) {
    return new DaemonSetBuilder()
        .withNewMetadata()
        .withName(PlanParts.PROXY)
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withNewSelector()
        .withMatchLabels(PlanParts.proxyPods())
        .endSelector()
        .endSpec()
        .build();
  }

  /** A proxy pod on {@code node}, Ready and running. */
  public static Pod ready(String namespace, String name, String node) {
    return pod(namespace, name, node, PlanParts.proxyPods(), null);
  }

  /** A proxy pod on {@code node} whose container waits, for {@code reason}. */
  public static Pod waiting(String namespace, String name, String node, String reason) {
    return pod(namespace, name, node, PlanParts.proxyPods(), reason);
  }

  /** A pod with these labels on {@code node}: Ready when {@code waiting} is null. */
  public static Pod pod(
      String namespace, String name, String node, Map<String, String> labels, String waiting) {
    boolean ready = waiting == null;
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withNodeName(node)
        .addNewContainer()
        .withName("proxy")
        .withImage("127.0.0.1:31998/airlock/proxy:1")
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase(ready ? "Running" : "Pending")
        .addNewCondition()
        .withType("Ready")
        .withStatus(ready ? "True" : "False")
        .endCondition()
        .addNewContainerStatus()
        .withName("proxy")
        .withReady(ready)
        .withState(
            ready
                ? new ContainerStateBuilder().withNewRunning().endRunning().build()
                : new ContainerStateBuilder()
                    .withNewWaiting()
                    .withReason(waiting)
                    .withMessage("Back-off pulling image")
                    .endWaiting()
                    .build())
        .endContainerStatus()
        .endStatus()
        .build();
  }
}
