package io.airlock.installer.cluster;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;

/**
 * Learns the cluster's IP families from a dry-run PreferDualStack Service and the node addresses.
 */
final class NetworkProbe {

  private NetworkProbe() {}

  /** A Service the API server fills in with the families it would give it; never stored. */
  static Service probeService() {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName("airlock-family-probe")
        .withNamespace("default")
        .endMetadata()
        .withNewSpec()
        .withType("ClusterIP")
        .withIpFamilyPolicy("PreferDualStack")
        .addNewPort()
        .withPort(5000)
        .withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }

  static IpFamilyResult families(
      KubernetesClient client, List<NodeFacts> nodes, List<String> warnings) {
    IpFamilies fromNodes = fromNodes(nodes);
    try {
      Service s =
          client.services().inNamespace("default").resource(probeService()).dryRun().create();
      List<String> families = s.getSpec() == null ? null : s.getSpec().getIpFamilies();
      if (families != null && !families.isEmpty()) {
        IpFamilies f =
            families.size() > 1
                ? IpFamilies.DUAL_STACK
                : families.get(0).equals("IPv6") ? IpFamilies.IPV6 : IpFamilies.IPV4;
        return new IpFamilyResult(
            f,
            "dry-run PreferDualStack Service got "
                + String.join(",", families)
                + "; nodes: "
                + (fromNodes == null ? "no addresses" : fromNodes.display()));
      }
      String clusterIp = s.getSpec() == null ? null : s.getSpec().getClusterIP();
      if (clusterIp != null && !clusterIp.isEmpty()) {
        // Servers before 1.20 (or without dual-stack) drop ipFamilyPolicy and give one address.
        return new IpFamilyResult(
            clusterIp.contains(":") ? IpFamilies.IPV6 : IpFamilies.IPV4,
            "dry-run Service got cluster IP "
                + clusterIp
                + " and no ipFamilies (Kubernetes before 1.20, or dual-stack off); nodes: "
                + (fromNodes == null ? "no addresses" : fromNodes.display()));
      }
      // Kubernetes 1.20 with dual-stack off (its default) drops ipFamilyPolicy and allocates no
      // cluster IP on a dry-run: the answer tells nothing, so the nodes decide.
      return new IpFamilyResult(
          fromNodes == null ? IpFamilies.IPV4 : fromNodes,
          "dry-run Service got neither ipFamilies nor a cluster IP (Kubernetes before 1.21 with dual-stack off); "
              + (fromNodes == null
                  ? "no node addresses either, assumed IPv4"
                  : "node InternalIP addresses: " + fromNodes.display()));
    } catch (KubernetesClientException e) {
      PolicyProbe.rethrowFatal(e);
      warnings.add(
          "cannot dry-run a Service in namespace default ("
              + KubeErrors.brief(e)
              + "); IP families come from node addresses only");
    }
    if (fromNodes == null) {
      return new IpFamilyResult(
          IpFamilies.IPV4, "unknown; assumed IPv4 (no node addresses visible)");
    }
    return new IpFamilyResult(fromNodes, "node InternalIP addresses");
  }

  private static IpFamilies fromNodes(List<NodeFacts> nodes) {
    boolean v4 = nodes.stream().anyMatch(n -> n.internalIpv4() != null);
    boolean v6 = nodes.stream().anyMatch(n -> n.internalIpv6() != null);
    if (v4 && v6) {
      return nodes.stream().allMatch(n -> n.internalIpv4() != null && n.internalIpv6() != null)
          ? IpFamilies.DUAL_STACK
          : IpFamilies.IPV4;
    }
    return v6 ? IpFamilies.IPV6 : v4 ? IpFamilies.IPV4 : null;
  }

  record IpFamilyResult(IpFamilies families, String evidence) {}
}
