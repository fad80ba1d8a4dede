package io.airlock.installer.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.BadInputException;
import io.airlock.core.RemoteFailureException;
import io.airlock.core.keys.Pem;
import io.airlock.core.testing.FlagScan;
import io.airlock.core.testing.FreePort;
import io.airlock.installer.mode.ModeAdvice;
import io.airlock.installer.mode.ModeAdvisor;
import io.airlock.installer.mode.RegistryMode;
import io.airlock.installer.pki.CertificateIssuer;
import io.airlock.installer.pki.IssuedCertificate;
import io.airlock.installer.pki.KeyAlgorithm;
import io.airlock.installer.testing.FakeCluster;
import io.airlock.installer.testing.Kubeconfigs;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each way the cluster can say no, and the one message Airlock gives for it. */
@EnableKubernetesMockClient(crud = true, https = false)
class ProbeFailuresTest {

  KubernetesMockServer server;
  KubernetesClient client;
  @TempDir Path dir;

  static final String FORBIDDEN_NODES =
      "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"nodes is forbidden: User \\\"jane\\\" cannot list resource \\\"nodes\\\" in API group \\\"\\\" at the cluster scope\",\"reason\":\"Forbidden\",\"details\":{\"kind\":\"nodes\"},\"code\":403}";

  @Test
  void rbacDenialsAreListedAndMissingReadsBecomeWarnings() throws Exception {
    FakeCluster.load(server, client, "k3s")
        .deny("create apps/daemonsets")
        .deny("list nodes")
        .deny("create rbac.authorization.k8s.io/roles");
    server.expect().get().withPath("/api/v1/nodes").andReturn(403, FORBIDDEN_NODES).always();
    ClusterFacts f = new ClusterProbe(KubeConnection.of(client)).probe("airlock-system");
    assertEquals(
        List.of(
            "list nodes (cluster-wide)",
            "create apps/daemonsets in airlock-system",
            "create rbac.authorization.k8s.io/roles in airlock-system"),
        f.policy().missing().stream().map(Permission::describe).toList());
    assertTrue(
        f.policy().permissions().stream().filter(p -> Boolean.TRUE.equals(p.allowed())).count()
            >= 13);
    assertEquals(
        "cannot list nodes (HTTP 403: nodes is forbidden: User \"jane\" cannot list resource \"nodes\" in API group \"\" at the cluster scope): no node inventory, and the distribution and mirror formats are guesses",
        f.warnings().get(0));
    assertTrue(f.nodes().isEmpty());
    assertEquals(
        Distro.K3S, f.distroKind(), "the version string still tells k3s: " + f.distro().evidence());
  }

  @Test
  void podSecurityDenialInTheTargetNamespace() throws Exception {
    FakeCluster.load(server, client, "kubeadm")
        .namespace(
            "airlock-system",
            Map.of("pod-security.kubernetes.io/enforce", "baseline", "team", "platform"));
    ClusterFacts f = new ClusterProbe(KubeConnection.of(client)).probe("airlock-system");
    Admission hostPort = f.policy().admission("hostPort").orElseThrow();
    assertEquals(Admission.Verdict.DENIED, hostPort.verdict());
    assertEquals("namespace airlock-system", hostPort.where());
    assertEquals(
        "pods \"airlock-admission-probe\" is forbidden: violates PodSecurity \"baseline:latest\": hostPort (container \"probe\" uses hostPort 5000)",
        hostPort.detail());
    assertEquals(
        Admission.Verdict.DENIED, f.policy().admission("hostNetwork").orElseThrow().verdict());
    assertEquals(
        Map.of("pod-security.kubernetes.io/enforce", "baseline"), f.policy().podSecurityLabels());
    ModeAdvice hostport = ModeAdvisor.explain(RegistryMode.HOSTPORT, f);
    assertTrue(
        FlagScan.flags(hostport.needs())
            .contains(
                "airlock-system labelled pod-security.kubernetes.io/enforce=privileged (Pod Security 'baseline' (the namespace's label) refuses hostPort)"),
        FlagScan.flags(hostport.needs()).toString());
    // The recommendation stays NodePort here, which needs no privileges at all.
    assertEquals(RegistryMode.NODEPORT, ModeAdvisor.recommend(f).mode());
  }

  @Test
  void privilegedNamespaceAdmitsHostPortsAndNeedsNoConsent() throws Exception {
    FakeCluster.load(server, client, "talos")
        .namespace("airlock-system", Map.of("pod-security.kubernetes.io/enforce", "privileged"));
    ClusterFacts f = new ClusterProbe(KubeConnection.of(client)).probe("airlock-system");
    assertEquals(
        Admission.Verdict.ALLOWED, f.policy().admission("hostPort").orElseThrow().verdict());
    ModeAdvice a = ModeAdvisor.recommend(f);
    assertEquals(RegistryMode.HOSTPORT, a.mode());
    assertTrue(
        FlagScan.flags(a.consents()).stream()
            .noneMatch(c -> c.contains("--allow-privileged-namespace")),
        FlagScan.flags(a.consents()).toString());
  }

  @Test
  void unreachableApiServerIsOneClearMessage() throws Exception {
    int port = FreePort.find();
    Path kubeconfig = Kubeconfigs.write(dir, "http://127.0.0.1:" + port, "lab", null);
    long start = System.nanoTime();
    try (KubeConnection c = KubeConnection.open(kubeconfig, null, Instant.now())) {
      RemoteFailureException e =
          assertThrows(
              RemoteFailureException.class, () -> new ClusterProbe(c).probe("airlock-system"));
      assertTrue(
          e.getMessage()
              .startsWith(
                  "Cannot reach the Kubernetes API server at http://127.0.0.1:"
                      + port
                      + "/ (to read the server version): "),
          e.getMessage());
      // Said in words, not as the name of the exception the HTTP client threw.
      assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
      assertTrue(e.hint().orElseThrow().contains("kubeconfig context 'lab'"));
    }
    assertTrue(
        Duration.ofNanos(System.nanoTime() - start).toSeconds() < 15,
        "fails fast, not after minutes of retries");
  }

  @Test
  void rejectedCredentialsSay401AndWhatToDo() throws Exception {
    // A real API server answers every request with 401 when the token is bad.
    String unauthorized =
        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}";
    server.expect().get().withPath("/version").andReturn(401, unauthorized).always();
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")
        .andReturn(401, unauthorized)
        .always();
    Path kubeconfig =
        Kubeconfigs.write(dir, client.getConfiguration().getMasterUrl(), "prod", null);
    try (KubeConnection c = KubeConnection.open(kubeconfig, "prod", Instant.now())) {
      RemoteFailureException e =
          assertThrows(
              RemoteFailureException.class, () -> new ClusterProbe(c).probe("airlock-system"));
      assertTrue(
          e.getMessage()
              .contains(
                  "rejected the credentials of kubeconfig context 'prod' (401 Unauthorized, to read the server version)"),
          e.getMessage());
      assertTrue(e.hint().orElseThrow().startsWith("Log in again or refresh the kubeconfig"));
    }
  }

  @Test
  void expiredClientCertificateIsCaughtBeforeAnyRequest() {
    CertificateIssuer old =
        new CertificateIssuer(Clock.fixed(Instant.parse("2020-01-01T00:00:00Z"), ZoneOffset.UTC));
    IssuedCertificate ca =
        old.newAuthority("kubernetes", KeyAlgorithm.ECDSA_P256, Duration.ofDays(3650));
    IssuedCertificate user =
        old.issueClient(ca, "jane", KeyAlgorithm.ECDSA_P256, Duration.ofDays(365));
    Path kubeconfig =
        Kubeconfigs.write(dir, "https://10.0.0.1:6443", "old", Pem.certificate(user.certificate()));
    BadInputException e =
        assertThrows(
            BadInputException.class, () -> KubeConnection.open(kubeconfig, null, Instant.now()));
    assertEquals(
        "The client certificate of kubeconfig context 'old' expired on " + user.notAfter() + ".",
        e.getMessage());
  }

  @Test
  void missingKubeconfigAndUnknownContext() {
    BadInputException missing =
        assertThrows(
            BadInputException.class,
            () -> KubeConnection.open(dir.resolve("nope"), null, Instant.now()));
    assertEquals(
        "The kubeconfig " + dir.resolve("nope") + " does not exist.", missing.getMessage());
    Path kubeconfig = Kubeconfigs.write(dir, "https://10.0.0.1:6443", "lab", null);
    BadInputException context =
        assertThrows(
            BadInputException.class,
            () -> KubeConnection.open(kubeconfig, "staging", Instant.now()));
    assertEquals("The kubeconfig has no context named 'staging'.", context.getMessage());
  }
}
