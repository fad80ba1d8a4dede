package io.airlock.installer.cluster;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Tells the distribution from what the nodes, the version string and kube-system say about
 * themselves. Checks go from the most specific mark to the least, and each answer carries the mark
 * it was found by, so a wrong guess can be understood.
 */
public final class DistroDetector {

  /** A distribution and the evidence for it. */
  public record Detected(Distro distro, String evidence) {}

  private DistroDetector() {}

  public static Detected detect(
      List<NodeFacts> nodes, ServerVersion version, List<String> kubeSystemPodNames) {
    String git = version == null || version.gitVersion() == null ? "" : version.gitVersion();
    Optional<Detected> d =
        first(
            nodes,
            n ->
                labelPrefix(n, "node.openshift.io/")
                    || annotationPrefix(n, "machineconfiguration.openshift.io/"),
            Distro.OPENSHIFT,
            "OpenShift node labels/annotations (node.openshift.io, machineconfiguration.openshift.io)");
    if (d.isEmpty()) {
      d =
          first(
              nodes, n -> startsWith(n.osImage(), "Talos"), Distro.TALOS, "node OS image is Talos");
    }
    if (d.isEmpty()) {
      d =
          first(
              nodes,
              n -> contains(n.kubeletVersion(), "+rke2") || annotationPrefix(n, "rke2.io/"),
              Distro.RKE2,
              "kubelet version +rke2 / rke2.io annotations");
    }
    if (d.isEmpty()) {
      d =
          first(
              nodes,
              n -> contains(n.kubeletVersion(), "+k3s") || annotationPrefix(n, "k3s.io/"),
              Distro.K3S,
              "kubelet version +k3s / k3s.io annotations");
    }
    if (d.isEmpty()) {
      d =
          first(
              nodes,
              n -> contains(n.kubeletVersion(), "+k0s") || labelPrefix(n, "node.k0sproject.io/"),
              Distro.K0S,
              "kubelet version +k0s / k0sproject.io labels");
    }
    if (d.isEmpty()) {
      d =
          first(
              nodes, n -> startsWith(n.providerId(), "kind://"), Distro.KIND, "providerID kind://");
    }
    if (d.isEmpty()) {
      d =
          first(
              nodes,
              n -> labelPrefix(n, "eks.amazonaws.com/") || contains(n.kubeletVersion(), "-eks-"),
              Distro.EKS,
              "eks.amazonaws.com labels / -eks- kubelet");
    }
    if (d.isEmpty()) {
      d =
          first(
              nodes,
              n -> labelPrefix(n, "kubernetes.azure.com/"),
              Distro.AKS,
              "kubernetes.azure.com labels");
    }
    if (d.isEmpty()) {
      d =
          first(
              nodes,
              n -> labelPrefix(n, "cloud.google.com/gke-") || contains(n.kubeletVersion(), "-gke."),
              Distro.GKE,
              "cloud.google.com/gke-* labels / -gke. kubelet");
    }
    if (d.isEmpty() && nodes.isEmpty()) {
      // Without nodes, only the version string is left.
      if (git.contains("+k3s")) {
        d = Optional.of(new Detected(Distro.K3S, "server version " + git));
      } else if (git.contains("+rke2")) {
        d = Optional.of(new Detected(Distro.RKE2, "server version " + git));
      } else if (git.contains("-eks-")) {
        d = Optional.of(new Detected(Distro.EKS, "server version " + git));
      } else if (git.contains("-gke.")) {
        d = Optional.of(new Detected(Distro.GKE, "server version " + git));
      }
    }
    if (d.isEmpty()) {
      d =
          first(
              nodes,
              n -> n.annotations().containsKey("kubeadm.alpha.kubernetes.io/cri-socket"),
              Distro.KUBEADM,
              "kubeadm.alpha.kubernetes.io/cri-socket annotation");
    }
    if (d.isEmpty() && kubeSystemPodNames.stream().anyMatch(p -> p.startsWith("kube-apiserver-"))) {
      d = Optional.of(new Detected(Distro.KUBEADM, "static control-plane pods in kube-system"));
    }
    return d.orElse(new Detected(Distro.OTHER, "no known distribution marks"));
  }

  private static Optional<Detected> first(
      List<NodeFacts> nodes, Predicate<NodeFacts> p, Distro d, String evidence) {
    return nodes.stream()
        .filter(p)
        .findFirst()
        .map(n -> new Detected(d, evidence + " on node " + n.name()));
  }

  private static boolean labelPrefix(NodeFacts n, String prefix) {
    return anyKey(n.labels(), prefix);
  }

  private static boolean annotationPrefix(NodeFacts n, String prefix) {
    return anyKey(n.annotations(), prefix);
  }

  private static boolean anyKey(Map<String, String> m, String prefix) {
    return m.keySet().stream().anyMatch(k -> k.startsWith(prefix));
  }

  private static boolean contains(String s, String part) {
    return s != null && s.contains(part);
  }

  private static boolean startsWith(String s, String part) {
    return s != null && s.startsWith(part);
  }
}
