package io.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.airlock.core.archive.Compression;
import io.airlock.core.archive.TarWriter;
import io.airlock.core.oci.Json;
import io.airlock.core.testing.Samples;
import io.airlock.installer.testing.FakeCluster;
import io.airlock.installer.testing.Kubeconfigs;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code airlock cluster probe}, {@code airlock install --dry-run} and {@code airlock mirrors}, end
 * to end through picocli and a kubeconfig.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class ClusterCommandsTest {

  @TempDir static Path dir;
  static Path bundle;
  static Path payload;

  KubernetesMockServer server;
  KubernetesClient client;

  @BeforeAll
  static void bundleAndSeed() throws Exception {
    bundle = dir.resolve("bundle");
    Samples.k0rdent(bundle, 4, 4096, 1);
    Path layout = dir.resolve("seed-layout");
    Samples.ociLayout(layout, 1, 4096, 2);
    payload = dir.resolve("seed.tar");
    try (TarWriter w = TarWriter.create(payload, Compression.NONE)) {
      w.addTree(layout, "");
    }
  }

  /** Writes a kubeconfig {@code file} that {@code cluster probe} refuses (exit 2); its stderr. */
  String refusedKubeconfig(Path file, String text) throws Exception {
    Files.writeString(file, text);
    CliRun r = probe(file);
    assertEquals(2, r.exitCode(), r.toString());
    return r.err();
  }

  /** {@code airlock cluster probe} with {@code kubeconfig} and {@code more}. */
  static CliRun probe(Path kubeconfig, String... more) {
    List<String> args = new ArrayList<>(List.of("cluster", "probe"));
    args.addAll(List.of(more));
    args.addAll(List.of("--kubeconfig", kubeconfig.toString()));
    return CliRun.of(args.toArray(String[]::new));
  }

  /** {@code airlock install} of the sample bundle into the fixture cluster, with {@code more}. */
  CliRun installIn(String fixture, String... more) {
    List<String> args = new ArrayList<>(List.of("install", bundle.toString()));
    args.addAll(List.of(more));
    args.addAll(List.of("--kubeconfig", kubeconfig(fixture).toString()));
    return CliRun.of(args.toArray(String[]::new));
  }

  Path kubeconfig(String fixture) {
    FakeCluster.load(server, client, fixture);
    return Kubeconfigs.write(dir, client.getConfiguration().getMasterUrl(), "lab-" + fixture, null);
  }

  @Test
  void probePrintsFactsAndTheRecommendation() {
    CliRun r = probe(kubeconfig("k3s"));
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(
        r.out()
            .contains(
                "Distro    k3s (kubelet version +k3s / k3s.io annotations on node k3s-server-1)"),
        r.out());
    assertTrue(r.out().contains("NodePort on 127.0.0.1: works"), r.out());
    assertTrue(r.out().contains("k3s-agent-1"), r.out());
    assertTrue(r.out().contains("containerd 1.7.22-k3s1"), r.out());
    assertTrue(r.out().contains("All permissions Airlock needs are granted."), r.out());
    assertTrue(r.out().contains("Recommended mode: nodeport"), r.out());
    assertTrue(
        r.out()
            .contains(
                "Other modes:\n  hostport (possible)\n    needs: Pods with hostPort in airlock-system"),
        r.out());
  }

  @Test
  void probeJsonIsMachineReadable() throws Exception {
    CliRun r = probe(kubeconfig("talos"), "--json");
    assertEquals(0, r.exitCode(), r.toString());
    JsonNode json = Json.parse(r.out().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals("hostport", json.path("recommendation").path("mode").asText());
    assertEquals("TALOS", json.path("cluster").path("distro").path("distro").asText());
    assertEquals("talos-cp-1", json.path("cluster").path("nodes").get(0).path("name").asText());
    assertEquals(2, json.path("cluster").path("nodes").get(0).path("images").size());
    assertFalse(
        json.path("cluster").path("nodes").get(0).has("labels"),
        "labels and annotations stay internal");
    assertEquals(4, json.path("modes").size());
  }

  @Test
  void installDryRunPrintsTheObjectsAsYamlAndTheSummaryOnStderr() throws Exception {
    Path elf = Path.of("/usr/bin/true");
    CliRun r =
        CliRun.of(
            "install",
            bundle.toString(),
            "--dry-run",
            "-o",
            "yaml",
            "--kubeconfig",
            kubeconfig("kubeadm").toString(),
            "--seed-payload",
            payload.toString(),
            "--injector",
            "amd64=" + elf,
            "--injector",
            "arm64=" + elf,
            "--prefix",
            "site");
    assertEquals(0, r.exitCode(), r.toString());
    Map<String, Object> list = new Yaml().load(r.out());
    assertEquals("List", list.get("kind"));
    List<?> items = (List<?>) list.get("items");
    assertEquals("Namespace", ((Map<?, ?>) items.get(0)).get("kind"));
    assertEquals("Secret", ((Map<?, ?>) items.get(items.size() - 1)).get("kind"));
    assertTrue(r.err().contains("Mode      nodeport (recommended for this cluster)"), r.err());
    assertTrue(r.err().contains("Plan complete:"), r.err());
    assertTrue(
        r.err()
            .contains("worker-1  containerd  containerd     ConfigMap airlock-mirrors-containerd"),
        r.err());
    assertFalse(r.out().contains("PRIVATE KEY"));
    assertTrue(
        r.out().contains("http://127.0.0.1:31999/v2/site/docker.io"),
        "mirror for the bundle's upstreams with the prefix");
    // Nothing was created: the dry-run only read.
    assertTrue(client.namespaces().withName("airlock-system").get() == null);
  }

  @Test
  void installDryRunUsesAirlocksOwnSeedAndListsWhatToResolve() {
    CliRun r = installIn("talos", "--dry-run", "--mode", "hostport");
    assertEquals(1, r.exitCode(), r.toString());
    assertTrue(r.out().contains("To resolve before installing:"), r.out());
    assertTrue(r.out().contains("Re-run with --allow-privileged-namespace"), r.out());
    // Without --seed-payload the plan carries the injectors and images built from source, for
    // the architectures of the cluster's nodes only (this one has amd64 nodes).
    assertTrue(r.out().contains("ConfigMap airlock-system/airlock-injector-amd64"), r.out());
    assertFalse(r.out().contains("ConfigMap airlock-system/airlock-injector-arm64"), r.out());
    assertTrue(r.out().contains("ConfigMap airlock-system/airlock-seed-0000"), r.out());
    assertFalse(r.out().contains("No seed payload given"), r.out());
  }

  /** Nothing reaches a cluster unverified, unless the person says so on the record. */
  @Test
  void installWithoutAKeyIsRefusedWithExit2() {
    CliRun r = CliRun.of("install", bundle.toString());
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(
        r.err().startsWith("error: airlock install verifies the bundle before anything reaches"),
        r.err());
    assertTrue(r.err().contains("--insecure-skip-verify"), r.err());
  }

  /**
   * A proxy mode where Pod Security refuses its pods (Talos) is not installed without the consent
   * to a privileged namespace: refused by the preflight, naming the flag, before any change.
   */
  @Test
  void aProxyModeWithoutConsentToAPrivilegedNamespaceIsRefusedBeforeAnyChange() {
    CliRun r =
        installIn(
            "talos",
            "--insecure-skip-verify",
            "--mode",
            "hostport",
            "--work-dir",
            dir.resolve("work").toString(),
            "--report-dir",
            dir.resolve("reports").toString());
    assertEquals(1, r.exitCode(), r.toString());
    assertTrue(r.err().contains("The cluster is not ready for mode hostport"), r.err());
    assertTrue(r.err().contains("--allow-privileged-namespace"), r.err());
    assertTrue(r.err().contains("nothing was changed"), r.err());
    assertEquals(null, client.namespaces().withName("airlock-system").get());
    assertTrue(
        client
            .secrets()
            .inAnyNamespace()
            .withLabel("app.kubernetes.io/managed-by", "airlock")
            .list()
            .getItems()
            .isEmpty());
  }

  @Test
  void registryUrlWithAProxyModeIsRefused() {
    CliRun r =
        installIn(
            "kind",
            "--dry-run",
            "--mode",
            "hostport",
            "--registry-url",
            "registry.site.example:5000");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(
        r.err()
            .contains(
                "--registry-url uses your own registry (mode external) and cannot be combined with --mode hostport."),
        r.err());
  }

  @Test
  void kubeconfigThatIsNotYamlSaysWhereInOneLine() throws Exception {
    Path bad = dir.resolve("broken-kubeconfig");
    String err =
        refusedKubeconfig(
            bad,
            "apiVersion: v1\nkind: Config\nclusters:\n- name: lab\n  cluster:\n"
                + "    server: https://10.0.0.1:6443\n   bad: [\n");
    assertEquals(
        "error: "
            + bad
            + " is not valid YAML (line 7, column 4: expected <block end>, but found '<block"
            + " mapping start>').\n"
            + "  what to do: Fix the file at that place (a kubeconfig is YAML: indentation"
            + " counts), or get it again from the cluster (k3s: /etc/rancher/k3s/k3s.yaml;"
            + " kubeadm: /etc/kubernetes/admin.conf).\n",
        err);
  }

  @Test
  void kubeconfigServerWithoutSchemeIsRefusedBeforeAnythingConnects() throws Exception {
    Path config = dir.resolve("no-scheme-kubeconfig");
    String err =
        refusedKubeconfig(
            config,
            "apiVersion: v1\nkind: Config\nclusters:\n- name: lab\n  cluster:\n"
                + "    server: 127.0.0.1:1\ncontexts:\n- name: lab\n  context:\n"
                + "    cluster: lab\n    user: u\nusers:\n- name: u\n  user: {}\n"
                + "current-context: lab\n");
    assertEquals(
        "error: The kubeconfig "
            + config
            + " gives the server of cluster 'lab' as '127.0.0.1:1', without https://.\n"
            + "  what to do: Write it as https://127.0.0.1:1 (kubectl config set-cluster lab"
            + " --server=https://127.0.0.1:1).\n",
        err);
  }

  @Test
  void mirrorsPrintsEachUpstreamsEndpointAsTheHostsTomlHasIt() throws Exception {
    Path out = dir.resolve("containerd-out");
    CliRun r =
        CliRun.of(
            "mirrors",
            "--registry",
            "127.0.0.1:5000/site",
            "--plain-http",
            "--format",
            "containerd",
            "--upstream",
            "docker.io,ghcr.io",
            "-o",
            out.toString());
    assertEquals(0, r.exitCode(), r.toString());
    for (String upstream : List.of("docker.io", "ghcr.io")) {
      String endpoint = "http://127.0.0.1:5000/v2/site/" + upstream;
      assertTrue(r.out().contains("  " + upstream + "  ->  " + endpoint + "\n"), r.out());
      TomlParseResult hosts =
          Toml.parse(out.resolve("etc/containerd/certs.d/" + upstream + "/hosts.toml"));
      assertEquals(Set.of(endpoint), hosts.getTable("host").keySet());
    }
    assertFalse(r.out().contains("UPSTREAM"), r.out());
    assertFalse(r.out().contains("/upstream"), r.out());
  }

  @Test
  void mirrorsWritesTheNodeTreeAndRefusesUnknownFormats() throws Exception {
    Path out = dir.resolve("rke2-out");
    Path ca = dir.resolve("ca.pem");
    Files.writeString(
        ca,
        io.airlock.core.keys.Pem.certificate(
            new io.airlock.installer.pki.CertificateIssuer(java.time.Clock.systemUTC())
                .newAuthority(
                    "ca",
                    io.airlock.installer.pki.KeyAlgorithm.ECDSA_P256,
                    java.time.Duration.ofDays(1))
                .certificate()));
    CliRun r =
        CliRun.of(
            "mirrors",
            "--registry",
            "registry.site.example:5443/site",
            "--format",
            "rke2",
            "--ca-file",
            ca.toString(),
            "--upstream",
            "docker.io,quay.io",
            "-o",
            out.toString());
    assertEquals(0, r.exitCode(), r.toString());
    Map<String, Object> doc =
        new Yaml().load(Files.readString(out.resolve("etc/rancher/rke2/registries.yaml")));
    assertEquals(
        List.of("https://registry.site.example:5443"),
        ((Map<?, ?>) ((Map<?, ?>) doc.get("mirrors")).get("quay.io")).get("endpoint"));
    assertEquals(
        Files.readString(ca), Files.readString(out.resolve("etc/rancher/rke2/airlock-ca.crt")));
    assertTrue(r.out().contains("Restart rke2-server or rke2-agent"), r.out());
    assertTrue(
        r.out()
            .contains(
                "  quay.io  ->  https://registry.site.example:5443 (repository paths rewritten to"
                    + " site/quay.io/...)\n"),
        r.out());

    CliRun plain =
        CliRun.of(
            "mirrors",
            "--registry",
            "http://10.0.0.5:5000",
            "--format",
            "containerd",
            "-o",
            dir.resolve("x").toString());
    assertEquals(2, plain.exitCode());
    assertTrue(plain.err().contains("is plain HTTP."), plain.err());
    CliRun bad = CliRun.of("mirrors", "--registry", "r:5000", "--format", "docker");
    assertEquals(2, bad.exitCode());
    assertTrue(
        bad.err().startsWith("error: Invalid --format: unknown mirror format 'docker'"), bad.err());
  }
}
