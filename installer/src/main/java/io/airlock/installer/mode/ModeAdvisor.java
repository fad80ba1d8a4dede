package io.airlock.installer.mode;

import io.airlock.core.Phrase;
import io.airlock.core.Setting;
import io.airlock.installer.cluster.Admission;
import io.airlock.installer.cluster.ClusterFacts;
import io.airlock.installer.cluster.Distro;
import io.airlock.installer.cluster.IpFamilies;
import io.airlock.installer.cluster.NodeFacts;
import io.airlock.installer.cluster.PolicyFacts;
import java.util.ArrayList;
import java.util.List;

/**
 * Recommends a registry mode from what the probe learned, and explains any mode: what it needs,
 * what the user consents to, and what stands in its way. The rules follow seeds 000 and 001.
 */
public final class ModeAdvisor {

  public static final int DEFAULT_NODE_PORT = 31999;
  public static final int PROXY_PORT = 5000;

  private ModeAdvisor() {}

  public static ModeAdvice recommend(ClusterFacts f) {
    List<String> reasons = new ArrayList<>();
    RegistryMode mode;
    if (f.network().families() == IpFamilies.IPV6) {
      mode = RegistryMode.HOSTNETWORK;
      reasons.add(
          "The cluster is IPv6-only: a NodePort never answers on [::1] (IPv6 has no route_localnet) and a hostPort cannot be bound to [::1], so the proxy binds [::1]:"
              + PROXY_PORT
              + " with host networking.");
    } else if (f.network().localhostNodePort()) {
      mode = RegistryMode.NODEPORT;
      reasons.add(
          "NodePorts answer on 127.0.0.1 here: " + f.network().localhostNodePortReason() + ".");
      reasons.add(
          "It needs no privileged pods: the nodes pull from 127.0.0.1:"
              + DEFAULT_NODE_PORT
              + ", which container runtimes trust over plain HTTP.");
    } else {
      mode = RegistryMode.HOSTPORT;
      reasons.add(
          "A NodePort on 127.0.0.1 would not work: " + f.network().localhostNodePortReason() + ".");
      reasons.add(
          "A proxy on every node listens on 127.0.0.1:"
              + PROXY_PORT
              + " (hostPort) and forwards to the registry over mutual TLS; it does not depend on kube-proxy.");
    }
    ModeAdvice explained = explain(mode, f);
    List<String> all = new ArrayList<>(reasons);
    all.addAll(explained.reasons());
    return new ModeAdvice(mode, all, explained.needs(), explained.consents(), explained.blockers());
  }

  /** What a mode needs and implies on this cluster. */
  public static ModeAdvice explain(RegistryMode mode, ClusterFacts f) {
    List<String> reasons = new ArrayList<>();
    List<Phrase> needs = new ArrayList<>();
    List<Phrase> consents = new ArrayList<>();
    List<Phrase> blockers = new ArrayList<>();
    PolicyFacts p = f.policy();
    switch (mode) {
      case NODEPORT -> {
        needs.add(
            Phrase.of(
                "NodePort "
                    + DEFAULT_NODE_PORT
                    + " free on every node (the NodePort range, 30000-32767 by default, must include it)"));
        needs.add(
            Phrase.of(
                "Node runtimes that pull plain HTTP from 127.0.0.1: containerd and Docker do by default"));
        List<String> crio =
            f.nodes().stream()
                .filter(n -> n.runtime().equals("cri-o"))
                .map(NodeFacts::name)
                .toList();
        if (!crio.isEmpty()) {
          needs.add(
              Phrase.of(
                  "CRI-O nodes ("
                      + String.join(", ", crio)
                      + ") need the mirror configuration first (it marks 127.0.0.1:"
                      + DEFAULT_NODE_PORT
                      + " insecure)"));
        }
        consents.add(
            Phrase.of(
                "NodePort "
                    + DEFAULT_NODE_PORT
                    + " opens on every node address, not only on loopback: whoever reaches a node can pull from the registry (read-only: pushes go only to a password-protected endpoint no node exposes)"));
        consents.add(
            Phrase.of(
                "Registry traffic between nodes and the registry pod is plain HTTP inside the cluster network"));
        if (!f.network().localhostNodePort()
            && f.network().kubeProxy() == io.airlock.installer.cluster.KubeProxyMode.UNKNOWN) {
          // Not known to fail: the seed is the test (the registry's own image comes through a
          // NodePort on 127.0.0.1 of its node).
          needs.add(
              Phrase.of(
                  "NodePorts on 127.0.0.1, which Airlock could not confirm here ("
                      + f.network().localhostNodePortReason()
                      + "): the registry pulls its own image through 127.0.0.1:"
                      + "31998"
                      + " first, so an installation that gets past the registry proves it"));
        } else if (!f.network().localhostNodePort()) {
          blockers.add(
              Phrase.of(
                  "NodePorts do not answer on 127.0.0.1 here: "
                      + f.network().localhostNodePortReason()));
        }
      }
      case HOSTPORT, HOSTNETWORK -> {
        String feature = mode == RegistryMode.HOSTPORT ? "hostPort" : "hostNetwork";
        if (mode == RegistryMode.HOSTPORT && f.network().families() == IpFamilies.IPV6) {
          blockers.add(
              Phrase.of("hostPort cannot serve [::1] on an IPv6-only cluster; use hostnetwork"));
        }
        needs.add(
            Phrase.of(
                "Pods with "
                    + feature
                    + " in "
                    + p.namespace()
                    + ": the proxy DaemonSet and the seed injector DaemonSet"));
        boolean labelNeeded = privilegedLabelNeeded(f, feature);
        if (labelNeeded) {
          needs.add(
              Phrase.of(
                  p.namespace()
                      + " labelled "
                      + PolicyFacts.PSA_ENFORCE
                      + "=privileged (Pod Security "
                      + currentLevel(p)
                      + " refuses "
                      + feature
                      + ")"));
          consents.add(
              Phrase.of(
                  "Airlock labels "
                      + p.namespace()
                      + " "
                      + PolicyFacts.PSA_ENFORCE
                      + "=privileged: say so with ",
                  Setting.ALLOW_PRIVILEGED_NAMESPACE));
        }
        if (f.distroKind() == Distro.TALOS) {
          reasons.add(
              "Talos enforces the baseline Pod Security level by default, which refuses "
                  + feature
                  + " pods; the namespace must be privileged (seed 001).");
        }
        if (f.distroKind() == Distro.OPENSHIFT) {
          needs.add(
              Phrase.of(
                  "The proxy's service account may use the SecurityContextConstraints hostnetwork-v2 (Airlock creates a Role and RoleBinding for it)"));
          consents.add(
              Phrase.of(
                  "A Role in "
                      + p.namespace()
                      + " that grants 'use' of SCC hostnetwork-v2 to Airlock's proxy"));
        }
        p.admission(feature)
            .filter(a -> a.verdict() == Admission.Verdict.DENIED && !labelNeeded)
            .ifPresent(
                a ->
                    blockers.add(
                        Phrase.of(
                            "A "
                                + feature
                                + " pod was refused in a dry-run ("
                                + a.where()
                                + "): "
                                + a.detail())));
        if (mode == RegistryMode.HOSTPORT) {
          consents.add(
              Phrase.of(
                  "A proxy pod on every node listens on 127.0.0.1:"
                      + PROXY_PORT
                      + " of the host (hostPort), reachable from that node only"));
        } else {
          consents.add(
              Phrase.of(
                  "Proxy pods share each node's network namespace (host networking) and bind [::1]:"
                      + PROXY_PORT
                      + " only; a compromised proxy could bind other host ports, so it carries no shell"));
        }
        consents.add(
            Phrase.of(
                "The registry is a ClusterIP Service reached only through the proxies, over mutual TLS with Airlock's CA"));
      }
      case EXTERNAL -> {
        needs.add(
            Phrase.of(
                Setting.REGISTRY_URL,
                ": your registry, reachable from every node and from this machine"));
        needs.add(
            Phrase.of(
                "Its CA (",
                Setting.CA_FILE,
                ") unless the nodes already trust it, and push credentials"));
        consents.add(
            Phrase.of(
                "Airlock pushes into your registry and configures the nodes' mirrors to it; no registry, proxy or injector runs in the cluster"));
      }
      default -> throw new IllegalStateException(mode.toString());
    }
    if (p.defaultStorageClass() == null && mode != RegistryMode.EXTERNAL) {
      needs.add(
          Phrase.of(
              "A StorageClass for the registry volume: the cluster has no default one, so give ",
              Setting.STORAGE_CLASS));
    }
    return new ModeAdvice(mode, reasons, needs, consents, blockers);
  }

  /**
   * True when the namespace must be labelled privileged for pods with {@code feature}: Talos
   * always, a dry-run refusal, or an existing enforce label below privileged.
   */
  public static boolean privilegedLabelNeeded(ClusterFacts f, String feature) {
    PolicyFacts p = f.policy();
    if (!f.version().hasPodSecurityAdmission()) {
      return false;
    }
    String enforce = p.podSecurityLabels().get(PolicyFacts.PSA_ENFORCE);
    if (enforce != null) {
      return !enforce.equals("privileged");
    }
    if (f.distroKind() == Distro.TALOS) {
      return true;
    }
    return p.admission(feature)
        .map(a -> a.verdict() == Admission.Verdict.DENIED && a.detail().contains("PodSecurity"))
        .orElse(false);
  }

  private static String currentLevel(PolicyFacts p) {
    String enforce = p.podSecurityLabels().get(PolicyFacts.PSA_ENFORCE);
    return enforce != null
        ? "'" + enforce + "' (the namespace's label)"
        : "at the cluster's default level";
  }
}
