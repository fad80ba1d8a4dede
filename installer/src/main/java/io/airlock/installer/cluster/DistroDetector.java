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

  /** A mark a node of the distribution carries, and how to name it as evidence. */
  private record NodeMark(Distro distro, String evidence, Predicate<NodeFacts> carries) {
    Optional<Detected> find(List<NodeFacts> nodes) {
      return nodes.stream()
          .filter(carries)
          .findFirst()
          .map(n -> new Detected(distro, evidence + " on node " + n.name()));
    }
  }

  /** Node marks, from the most specific to the least; the first that a node carries wins. */
  private static final List<NodeMark> NODE_MARKS =
      List.of(
          new NodeMark(
              Distro.OPENSHIFT,
              "OpenShift node labels/annotations (node.openshift.io,"
                  + " machineconfiguration.openshift.io)",
              n ->
                  labelPrefix(n, "node.openshift.io/")
                      || annotationPrefix(n, "machineconfiguration.openshift.io/")),
          new NodeMark(
              Distro.TALOS, "node OS image is Talos", n -> startsWith(n.osImage(), "Talos")),
          new NodeMark(
              Distro.RKE2,
              "kubelet version +rke2 / rke2.io annotations",
              n -> contains(n.kubeletVersion(), "+rke2") || annotationPrefix(n, "rke2.io/")),
          new NodeMark(
              Distro.K3S,
              "kubelet version +k3s / k3s.io annotations",
              n -> contains(n.kubeletVersion(), "+k3s") || annotationPrefix(n, "k3s.io/")),
          new NodeMark(
              Distro.K0S,
              "kubelet version +k0s / k0sproject.io labels",
              n -> contains(n.kubeletVersion(), "+k0s") || labelPrefix(n, "node.k0sproject.io/")),
          new NodeMark(
              Distro.KIND, "providerID kind://", n -> startsWith(n.providerId(), "kind://")),
          new NodeMark(
              Distro.EKS,
              "eks.amazonaws.com labels / -eks- kubelet",
              n -> labelPrefix(n, "eks.amazonaws.com/") || contains(n.kubeletVersion(), "-eks-")),
          new NodeMark(
              Distro.AKS,
              "kubernetes.azure.com labels",
              n -> labelPrefix(n, "kubernetes.azure.com/")),
          new NodeMark(
              Distro.GKE,
              "cloud.google.com/gke-* labels / -gke. kubelet",
              n ->
                  labelPrefix(n, "cloud.google.com/gke-")
                      || contains(n.kubeletVersion(), "-gke.")));

  /** Without nodes, only the server's version string is left: its marks, in order. */
  private static final List<Map.Entry<String, Distro>> VERSION_MARKS =
      List.of(
          Map.entry("+k3s", Distro.K3S),
          Map.entry("+rke2", Distro.RKE2),
          Map.entry("-eks-", Distro.EKS),
          Map.entry("-gke.", Distro.GKE));

  /** The least specific marks: kubeadm's node annotation, then its static pods. */
  private static final NodeMark KUBEADM =
      new NodeMark(
          Distro.KUBEADM,
          "kubeadm.alpha.kubernetes.io/cri-socket annotation",
          n -> n.annotations().containsKey("kubeadm.alpha.kubernetes.io/cri-socket"));

  private DistroDetector() {}

  public static Detected detect(
      List<NodeFacts> nodes, ServerVersion version, List<String> kubeSystemPodNames) {
    for (NodeMark mark : NODE_MARKS) {
      Optional<Detected> d = mark.find(nodes);
      if (d.isPresent()) {
        return d.get();
      }
    }
    String git = version == null || version.gitVersion() == null ? "" : version.gitVersion();
    if (nodes.isEmpty()) {
      for (Map.Entry<String, Distro> mark : VERSION_MARKS) {
        if (git.contains(mark.getKey())) {
          return new Detected(mark.getValue(), "server version " + git);
        }
      }
    }
    Optional<Detected> kubeadm = KUBEADM.find(nodes);
    if (kubeadm.isPresent()) {
      return kubeadm.get();
    }
    if (kubeSystemPodNames.stream().anyMatch(p -> p.startsWith("kube-apiserver-"))) {
      return new Detected(Distro.KUBEADM, "static control-plane pods in kube-system");
    }
    return new Detected(Distro.OTHER, "no known distribution marks");
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
