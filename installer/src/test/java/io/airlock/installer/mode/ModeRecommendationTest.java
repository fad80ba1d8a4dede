package io.airlock.installer.mode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.testing.FlagScan;
import io.airlock.installer.cluster.ClusterFacts;
import io.airlock.installer.cluster.ClusterProbe;
import io.airlock.installer.cluster.KubeConnection;
import io.airlock.installer.testing.FakeCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The recommendation, case by case, on clusters modelled on real distributions: what the probe
 * learns from their nodes and kube-system, and the mode it leads to.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class ModeRecommendationTest {

  KubernetesMockServer server;
  KubernetesClient client;

  static ClusterFacts probe(KubernetesMockServer server, KubernetesClient client, String fixture)
      throws Exception {
    FakeCluster.load(server, client, fixture);
    return new ClusterProbe(KubeConnection.of(client)).probe("airlock-system");
  }

  @ParameterizedTest(name = "{0}: {1}, {2}, kube-proxy {3} -> {5}")
  @CsvSource({
    "k3s,               K3S,       IPV4,       IPTABLES, true,  NODEPORT",
    "k3s-nftables,      K3S,       IPV4,       NFTABLES, false, HOSTPORT",
    "rke2,              RKE2,      IPV4,       IPTABLES, true,  NODEPORT",
    "k0s,               K0S,       IPV4,       IPTABLES, true,  NODEPORT",
    "talos,             TALOS,     IPV4,       IPTABLES, false, HOSTPORT",
    "openshift,         OPENSHIFT, IPV4,       NONE,     false, HOSTPORT",
    "kind,              KIND,      IPV4,       IPTABLES, true,  NODEPORT",
    "eks,               EKS,       IPV4,       IPTABLES, true,  NODEPORT",
    "gke,               GKE,       IPV4,       IPTABLES, true,  NODEPORT",
    "aks,               AKS,       IPV4,       IPTABLES, true,  NODEPORT",
    "kubeadm,           KUBEADM,   IPV4,       IPTABLES, true,  NODEPORT",
    "kubeadm-ipv6,      KUBEADM,   IPV6,       IPTABLES, false, HOSTNETWORK",
    "kubeadm-dualstack, KUBEADM,   DUAL_STACK, IPTABLES, true,  NODEPORT",
    "kubeadm-nftables,  KUBEADM,   IPV4,       NFTABLES, false, HOSTPORT",
    "kubeadm-cilium,    KUBEADM,   IPV4,       NONE,     false, HOSTPORT",
    "kubeadm-hardened,  KUBEADM,   IPV4,       IPTABLES, false, HOSTPORT",
    "kubeadm-1.20,      KUBEADM,   IPV4,       IPTABLES, true,  NODEPORT",
  })
  void recommendsByCluster(
      String fixture, String distro, String families, String proxy, boolean localhost, String mode)
      throws Exception {
    ClusterFacts f = probe(server, client, fixture);
    assertEquals(distro, f.distroKind().name(), f.distro().evidence());
    assertEquals(families, f.network().families().name(), f.network().familiesEvidence());
    assertEquals(proxy, f.network().kubeProxy().name(), f.network().kubeProxyEvidence());
    assertEquals(localhost, f.network().localhostNodePort(), f.network().localhostNodePortReason());
    ModeAdvice advice = ModeAdvisor.recommend(f);
    assertEquals(mode, advice.mode().name(), advice.reasons().toString());
    assertFalse(advice.reasons().isEmpty());
    assertFalse(FlagScan.flags(advice.consents()).isEmpty());
    assertTrue(f.warnings().isEmpty(), f.warnings().toString());
    // The probe changed nothing: the dry-run Service and pods were never stored.
    assertTrue(client.services().inNamespace("default").list().getItems().isEmpty());
    assertTrue(client.pods().inNamespace("default").list().getItems().isEmpty());
  }

  @org.junit.jupiter.api.Test
  void talosNeedsAPrivilegedNamespaceAndANamedStorageClass() throws Exception {
    ClusterFacts f = probe(server, client, "talos");
    ModeAdvice a = ModeAdvisor.recommend(f);
    assertTrue(
        a.reasons()
            .contains(
                "A NodePort on 127.0.0.1 would not work: Talos does not serve NodePorts on 127.0.0.1 by default (seed 001)."),
        a.reasons().toString());
    assertTrue(
        a.reasons().stream()
            .anyMatch(
                r -> r.startsWith("Talos enforces the baseline Pod Security level by default")));
    assertTrue(
        FlagScan.flags(a.needs())
            .contains(
                "airlock-system labelled pod-security.kubernetes.io/enforce=privileged (Pod Security at the cluster's default level refuses hostPort)"),
        FlagScan.flags(a.needs()).toString());
    assertTrue(
        FlagScan.flags(a.consents())
            .contains(
                "Airlock labels airlock-system pod-security.kubernetes.io/enforce=privileged: say so with --allow-privileged-namespace"));
    assertTrue(
        FlagScan.flags(a.needs())
            .contains(
                "A StorageClass for the registry volume: the cluster has no default one, so give --storage-class"));
    assertTrue(
        FlagScan.flags(a.blockers()).isEmpty(),
        "the label need is a consent, not a blocker: " + FlagScan.flags(a.blockers()));
    // The dry-run in namespace default (the cluster's default level) was refused by Pod Security.
    assertEquals("violates", f.policy().admission("hostPort").orElseThrow().detail().split(" ")[4]);
  }

  @org.junit.jupiter.api.Test
  void openshiftNeedsTheHostnetworkSccAndListsSccs() throws Exception {
    ClusterFacts f = probe(server, client, "openshift");
    assertEquals(
        java.util.List.of("hostnetwork-v2", "privileged", "restricted-v2"),
        f.policy().securityContextConstraints().stream().sorted().toList());
    ModeAdvice a = ModeAdvisor.recommend(f);
    assertTrue(
        FlagScan.flags(a.needs()).stream()
            .anyMatch(n -> n.contains("SecurityContextConstraints hostnetwork-v2")),
        FlagScan.flags(a.needs()).toString());
    assertTrue(
        f.policy().permissions().stream()
            .anyMatch(
                p -> p.resource().equals("securitycontextconstraints") && p.verb().equals("use")));
    // CRI-O nodes: explained under nodeport, which is not recommended here.
    ModeAdvice nodeport = ModeAdvisor.explain(RegistryMode.NODEPORT, f);
    assertTrue(
        FlagScan.flags(nodeport.needs()).stream()
            .anyMatch(
                n ->
                    n.startsWith(
                        "CRI-O nodes (master-0.ocp.example.com, worker-0.ocp.example.com)")));
    assertTrue(
        FlagScan.flags(nodeport.blockers()).get(0).contains("OVN-Kubernetes"),
        FlagScan.flags(nodeport.blockers()).toString());
  }

  @org.junit.jupiter.api.Test
  void ipv6OnlyRefusesHostPortAndExplainsRouteLocalnet() throws Exception {
    ClusterFacts f = probe(server, client, "kubeadm-ipv6");
    assertEquals("fd00:10::10", f.nodes().get(0).internalIpv6());
    assertNull(f.nodes().get(0).internalIpv4());
    ModeAdvice a = ModeAdvisor.recommend(f);
    assertTrue(a.reasons().get(0).contains("IPv6 has no route_localnet"));
    assertEquals(
        java.util.List.of("hostPort cannot serve [::1] on an IPv6-only cluster; use hostnetwork"),
        FlagScan.flags(ModeAdvisor.explain(RegistryMode.HOSTPORT, f).blockers()));
  }

  @org.junit.jupiter.api.Test
  void kubernetes120HasNoPodSecurityAdmissionNote() throws Exception {
    ClusterFacts f = probe(server, client, "kubeadm-1.20");
    assertTrue(
        f.policy()
            .notes()
            .get(0)
            .startsWith(
                "Pod Security Admission needs Kubernetes 1.23+; this cluster runs v1.20.15"),
        f.policy().notes().toString());
    assertTrue(
        f.network()
            .familiesEvidence()
            .equals(
                "dry-run Service got neither ipFamilies nor a cluster IP (Kubernetes before 1.21 with dual-stack off); node InternalIP addresses: IPv4"),
        f.network().familiesEvidence());
    assertFalse(ModeAdvisor.privilegedLabelNeeded(f, "hostPort"));
  }
}
