package io.airlock.installer.pipeline;

import io.airlock.core.AirlockException;
import io.airlock.installer.cluster.KubeConnection;
import io.airlock.installer.cluster.KubeErrors;
import io.airlock.installer.plan.PlanParts;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Whether the node proxy (proxy modes) serves on each node: its pod there Ready, not ready and why
 * (the container's waiting reason, e.g. {@code ImagePullBackOff}), or missing. Read-only: two
 * lists, nodes and the proxies' pods.
 */
public final class ProxyStates {

  /** The proxy on one node. */
  public enum State {
    READY,
    NOT_READY,
    MISSING
  }

  /**
   * @param reason why it is not ready (empty when Ready or missing)
   */
  public record NodeProxy(String node, State state, String pod, String reason) {}

  private ProxyStates() {}

  /**
   * Per node of the cluster, in the API server's order; empty when the namespace has no proxy
   * DaemonSet (no proxy mode installed there).
   */
  public static List<NodeProxy> of(KubeConnection c, String namespace) throws AirlockException {
    KubernetesClient client = c.client();
    try {
      if (client.apps().daemonSets().inNamespace(namespace).withName(PlanParts.PROXY).get()
          == null) {
        return List.of();
      }
      Map<String, List<Pod>> byNode =
          client
              .pods()
              .inNamespace(namespace)
              .withLabels(PlanParts.proxyPods())
              .list()
              .getItems()
              .stream()
              .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
              .filter(p -> p.getSpec() != null && p.getSpec().getNodeName() != null)
              .collect(Collectors.groupingBy(p -> p.getSpec().getNodeName()));
      List<NodeProxy> out = new ArrayList<>();
      for (var node : client.nodes().list().getItems()) {
        String name = node.getMetadata().getName();
        out.add(state(name, byNode.getOrDefault(name, List.of())));
      }
      return List.copyOf(out);
    } catch (KubernetesClientException e) {
      throw KubeErrors.translate(e, "read the node proxies' pods in " + namespace, c);
    }
  }

  /** A Ready pod if the node has one (a rollout may leave two for a moment), else the newest. */
  private static NodeProxy state(String node, List<Pod> pods) {
    Optional<Pod> ready = pods.stream().filter(Readiness::ready).findFirst();
    if (ready.isPresent()) {
      return new NodeProxy(node, State.READY, ready.get().getMetadata().getName(), "");
    }
    return pods.stream()
        .max(Comparator.comparing(p -> String.valueOf(p.getMetadata().getCreationTimestamp())))
        .map(p -> new NodeProxy(node, State.NOT_READY, p.getMetadata().getName(), why(p)))
        .orElse(new NodeProxy(node, State.MISSING, "", ""));
  }

  /** A container's waiting reason first: that is what someone on the node can act on. */
  static String why(Pod p) {
    if (p.getStatus() == null) {
      return "no status yet";
    }
    List<ContainerStatus> containers =
        Optional.ofNullable(p.getStatus().getContainerStatuses()).orElse(List.of());
    for (ContainerStatus c : containers) {
      var w = c.getState() == null ? null : c.getState().getWaiting();
      if (w != null && w.getReason() != null) {
        return w.getReason();
      }
    }
    for (ContainerStatus c : containers) {
      var t = c.getState() == null ? null : c.getState().getTerminated();
      if (t != null) {
        String exited = "exited " + t.getExitCode();
        return t.getReason() == null ? exited : exited + " (" + t.getReason() + ")";
      }
    }
    for (PodCondition c : Optional.ofNullable(p.getStatus().getConditions()).orElse(List.of())) {
      if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())) {
        return c.getMessage() == null ? "not scheduled" : "not scheduled: " + c.getMessage();
      }
    }
    return containers.isEmpty()
        ? String.valueOf(p.getStatus().getPhase())
        : "running, not ready yet";
  }
}
