package io.airlock.installer.cluster;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** Turns Node objects into {@link NodeFacts}. */
public final class NodeInventory {

  private NodeInventory() {}

  public static List<NodeFacts> of(List<Node> nodes) {
    return nodes.stream().map(NodeInventory::facts).toList();
  }

  static NodeFacts facts(Node n) {
    Map<String, String> labels = Optional.ofNullable(n.getMetadata().getLabels()).orElse(Map.of());
    Map<String, String> annotations =
        Optional.ofNullable(n.getMetadata().getAnnotations()).orElse(Map.of());
    NodeStatus status = Optional.ofNullable(n.getStatus()).orElse(new NodeStatus());
    NodeSystemInfo info = Optional.ofNullable(status.getNodeInfo()).orElse(new NodeSystemInfo());
    String v4 = null;
    String v6 = null;
    for (NodeAddress a : Optional.ofNullable(status.getAddresses()).orElse(List.of())) {
      if (!"InternalIP".equals(a.getType()) || a.getAddress() == null) {
        continue;
      }
      if (a.getAddress().contains(":")) {
        v6 = v6 == null ? a.getAddress() : v6;
      } else {
        v4 = v4 == null ? a.getAddress() : v4;
      }
    }
    String runtime = Optional.ofNullable(info.getContainerRuntimeVersion()).orElse("");
    int sep = runtime.indexOf("://");
    List<String> taints = new ArrayList<>();
    if (n.getSpec() != null && n.getSpec().getTaints() != null) {
      for (Taint t : n.getSpec().getTaints()) {
        taints.add(
            t.getKey()
                + (t.getValue() == null || t.getValue().isEmpty() ? "" : "=" + t.getValue())
                + ":"
                + t.getEffect());
      }
    }
    List<NodeFacts.NodeImage> images = new ArrayList<>();
    if (status.getImages() != null) {
      status
          .getImages()
          .forEach(
              i ->
                  images.add(
                      new NodeFacts.NodeImage(
                          Optional.ofNullable(i.getNames()).orElse(List.of()),
                          Optional.ofNullable(i.getSizeBytes()).orElse(0L))));
    }
    Map<String, Quantity> alloc = Optional.ofNullable(status.getAllocatable()).orElse(Map.of());
    return new NodeFacts(
        n.getMetadata().getName(),
        roles(labels),
        status.getConditions() != null
            && status.getConditions().stream().anyMatch(NodeInventory::isReady),
        n.getSpec() == null || !Boolean.TRUE.equals(n.getSpec().getUnschedulable()),
        v4,
        v6,
        Optional.ofNullable(labels.get("kubernetes.io/arch")).orElse(info.getArchitecture()),
        info.getOsImage(),
        info.getKernelVersion(),
        info.getKubeletVersion(),
        sep > 0 ? runtime.substring(0, sep) : runtime,
        sep > 0 ? runtime.substring(sep + 3) : "",
        quantity(alloc, "cpu"),
        quantity(alloc, "memory"),
        quantity(alloc, "ephemeral-storage"),
        taints,
        images,
        labels,
        annotations,
        n.getSpec() == null ? null : n.getSpec().getProviderID());
  }

  private static boolean isReady(NodeCondition c) {
    return "Ready".equals(c.getType()) && "True".equals(c.getStatus());
  }

  private static String quantity(Map<String, Quantity> m, String key) {
    Quantity q = m.get(key);
    return q == null ? null : q.toString();
  }

  /**
   * Roles as kubectl shows them: from node-role.kubernetes.io/ROLE and kubernetes.io/role labels.
   */
  static List<String> roles(Map<String, String> labels) {
    TreeSet<String> roles = new TreeSet<>();
    labels.forEach(
        (k, v) -> {
          if (k.startsWith("node-role.kubernetes.io/")) {
            roles.add(k.substring("node-role.kubernetes.io/".length()));
          } else if (k.equals("kubernetes.io/role")) {
            roles.add(v);
          }
        });
    return List.copyOf(roles);
  }
}
