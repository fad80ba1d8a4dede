package io.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.airlock.core.oci.Json;
import io.airlock.installer.cluster.NodeInventory;
import io.airlock.installer.testing.LabCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code airlock cluster probe} against a real kube-apiserver 1.20 (the k8s lab), with the mock
 * rung's cluster fixtures put into it the way kubelets register nodes: the real server validates
 * every node, keeps what the probe reads, answers SelfSubjectAccessReviews from real RBAC and
 * judges the admission dry-runs itself.
 */
class ClusterProbeLabIT extends ApiServerLabBase {

  static JsonNode probeJson(Path kubeconfig, String... more) {
    String[] args = new String[5 + more.length];
    args[0] = "cluster";
    args[1] = "probe";
    args[2] = "--json";
    args[3] = "--kubeconfig";
    args[4] = kubeconfig.toString();
    System.arraycopy(more, 0, args, 5, more.length);
    CliRun r = CliRun.of(args);
    assertEquals(0, r.exitCode(), r.toString());
    return Json.parse(r.out().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * IPv4-only (k3s: amd64 server and arm64 agent, containerd, a pause image), Talos (baseline
   * labels, a control plane that schedules), OpenShift (CRI-O, master taints, SCCs), IPv6-only and
   * dual-stack kubeadm nodes: after the real server's validation and defaulting, the probe reads
   * every node exactly as it reads the fixture, and detects distribution, IP families and mode as
   * on the mock rung.
   */
  @ParameterizedTest
  @CsvSource({
    "k3s,               K3S,       IPV4,       nodeport",
    "talos,             TALOS,     IPV4,       hostport",
    "openshift,         OPENSHIFT, IPV4,       hostport",
    "kubeadm-ipv6,      KUBEADM,   IPV6,       hostnetwork",
    "kubeadm-dualstack, KUBEADM,   DUAL_STACK, nodeport"
  })
  void probeReadsRealisticNodesAsTheRealServerKeepsThem(
      String fixture, String distro, String families, String mode) throws Exception {
    cluster.load(fixture);
    JsonNode json = probeJson(lab.kubeconfig());
    JsonNode c = json.path("cluster");
    assertEquals("v1.20.2", c.path("version").path("gitVersion").asText(), c.toString());
    assertEquals(distro, c.path("distro").path("distro").asText(), c.path("distro").toString());
    assertEquals(
        byName(
            Json.parse(
                Json.MAPPER.writeValueAsBytes(NodeInventory.of(LabCluster.fixtureNodes(fixture))))),
        byName(c.path("nodes")));
    assertEquals(
        families, c.path("network").path("families").asText(), c.path("network").toString());
    // The real 1.20 answers the PreferDualStack dry-run with neither families nor a cluster IP.
    assertTrue(
        c.path("network")
            .path("familiesEvidence")
            .asText()
            .startsWith(
                "dry-run Service got neither ipFamilies nor a cluster IP (Kubernetes before 1.21 with dual-stack off); node InternalIP addresses: "),
        c.path("network").toString());
    assertEquals(mode, json.path("recommendation").path("mode").asText(), json.toString());
    // Admin: every permission granted, by real RBAC (system:masters).
    for (JsonNode p : c.path("policy").path("permissions")) {
      assertTrue(p.path("allowed").asBoolean(false), p.toString());
    }
  }

  private static Map<String, JsonNode> byName(JsonNode nodes) {
    Map<String, JsonNode> m = new TreeMap<>();
    nodes.forEach(n -> m.put(n.path("name").asText(), n));
    return m;
  }

  @Test
  void theInventoryHasEveryKindOfNodeTheLadderNeeds() {
    cluster.load("k3s");
    JsonNode k3s =
        byName(probeJson(lab.kubeconfig()).path("cluster").path("nodes")).get("k3s-agent-1");
    assertEquals("arm64", k3s.path("architecture").asText(), k3s.toString());
    assertEquals("containerd", k3s.path("runtime").asText(), k3s.toString());
    assertTrue(
        k3s.path("images").toString().contains("docker.io/rancher/mirrored-pause:3.6"),
        k3s.toString());
    cluster.load("openshift");
    Map<String, JsonNode> os = byName(probeJson(lab.kubeconfig()).path("cluster").path("nodes"));
    JsonNode master = os.values().iterator().next();
    assertEquals("cri-o", master.path("runtime").asText(), master.toString());
    assertTrue(os.values().stream().anyMatch(n -> !n.path("taints").isEmpty()), os.toString());
    cluster.load("kubeadm-ipv6");
    for (JsonNode n : probeJson(lab.kubeconfig()).path("cluster").path("nodes")) {
      assertTrue(
          n.path("internalIpv4").isNull() || n.path("internalIpv4").isMissingNode(), n.toString());
      assertTrue(n.path("internalIpv6").asText().contains(":"), n.toString());
    }
  }

  /**
   * Kubernetes 1.20 has no Pod Security Admission: the probe says it skipped the labels, and the
   * real server (no PodSecurityPolicy, privileged pods allowed) admits every host feature.
   */
  @Test
  void onKubernetes120TheProbeSaysWhatItSkipped() {
    cluster.load("talos");
    CliRun r = CliRun.of("cluster", "probe", "--kubeconfig", lab.kubeconfig().toString());
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(
        r.out()
            .contains(
                "Note: Pod Security Admission needs Kubernetes 1.23+; this cluster runs v1.20.2, so Airlock sets no PSA labels"),
        r.out());
    assertTrue(r.out().contains("    hostPort: allowed"), r.out());
    assertTrue(r.out().contains("    hostNetwork: allowed"), r.out());
    assertTrue(r.out().contains("    privileged: allowed"), r.out());
    assertTrue(r.out().contains("All permissions Airlock needs are granted."), r.out());
  }

  /**
   * A ServiceAccount whose Role grants only some of what an install needs: the real RBAC
   * authoriser's answers give exactly the missing permissions, and the probe still completes, with
   * a warning for each thing it could not read.
   */
  @Test
  void aServiceAccountWithANarrowRoleIsDeniedExactlyWhatTheRoleLacks() {
    cluster.load("kubeadm");
    KubernetesClient admin = lab.client();
    String ns = "team-a";
    cluster.installerAccount(
        ns,
        "airlock-narrow",
        LabCluster.rule("", List.of("secrets"), "get", "create", "update"),
        LabCluster.rule("", List.of("configmaps", "services", "serviceaccounts"), "create"),
        LabCluster.rule("apps", List.of("deployments"), "create"));
    try {
      Path kubeconfig = cluster.serviceAccountKubeconfig(dir, ns, "installer");
      CliRun r =
          CliRun.of("cluster", "probe", "--json", "-n", ns, "--kubeconfig", kubeconfig.toString());
      assertEquals(0, r.exitCode(), r.toString());
      JsonNode json = Json.parse(r.out().getBytes(StandardCharsets.UTF_8));
      Set<String> denied = new TreeSet<>();
      for (JsonNode p : json.path("cluster").path("policy").path("permissions")) {
        assertTrue(p.path("allowed").isBoolean(), "no unknown answers: " + p);
        if (!p.path("allowed").asBoolean()) {
          String group = p.path("group").asText();
          denied.add(
              p.path("verb").asText()
                  + " "
                  + (group.isEmpty() ? "" : group + "/")
                  + p.path("resource").asText()
                  + (p.path("namespace").isTextual() ? " in " + p.path("namespace").asText() : ""));
        }
      }
      assertEquals(
          new TreeSet<>(
              Set.of(
                  "list nodes",
                  "get namespaces",
                  "create namespaces",
                  "patch namespaces",
                  "list storage.k8s.io/storageclasses",
                  "create pods in team-a",
                  "create pods/portforward in team-a",
                  "delete pods in team-a",
                  "create persistentvolumeclaims in team-a",
                  "create apps/daemonsets in team-a",
                  "create rbac.authorization.k8s.io/roles in team-a",
                  "create rbac.authorization.k8s.io/rolebindings in team-a")),
          denied);
      String warnings = json.path("cluster").path("warnings").toString();
      assertTrue(warnings.contains("cannot list nodes (HTTP 403"), warnings);
      assertTrue(json.path("cluster").path("nodes").isEmpty(), "no inventory without list nodes");
    } finally {
      admin.namespaces().withName(ns).delete();
    }
  }
}
