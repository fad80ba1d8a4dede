package io.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.progress.ProgressListener;
import io.airlock.core.testing.Samples;
import io.airlock.installer.apply.ApplyResult;
import io.airlock.installer.apply.PlanApplier;
import io.airlock.installer.pipeline.Preflight;
import io.airlock.installer.plan.PlannedChange;
import io.airlock.installer.state.InstallState;
import io.airlock.installer.state.StateStore;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * {@code airlock install} against a real kube-apiserver 1.20 (the k8s lab): the server validates
 * and admits every planned object by server-side dry-run, then the plan's non-workload objects are
 * applied for real (server-side apply), read back, judged again, and deleted.
 */
class InstallLabIT extends ApiServerLabBase {

  static final String NS = "airlock-system";

  /** What applying for real covers: everything but workloads and storage. */
  static final Set<String> NON_WORKLOAD =
      Set.of(
          "Namespace", "ServiceAccount", "Role", "RoleBinding", "Secret", "ConfigMap", "Service");

  static Path bundle;

  @BeforeAll
  static void makeBundle() throws Exception {
    bundle = dir.resolve("bundle");
    Samples.k0rdent(bundle, 4, 4096, 1);
  }

  private static final Pattern VERDICT =
      Pattern.compile("Server dry-run \\(dryRun=All, nothing stored\\): (\\d+) of (\\d+) object");

  /**
   * Every object of the plan, in each mode, on the cluster it suits: the real server accepts all of
   * them (field names, label syntax, quantities, host ports and host network, projected volumes,
   * 768 KiB payload chunks), drops no field, and stores nothing.
   */
  @ParameterizedTest
  @CsvSource({
    "k3s,          nodeport,    ",
    "kubeadm,      nodeport,    ",
    "talos,        hostport,    local-path",
    "openshift,    hostport,    ",
    "kubeadm-ipv6, hostnetwork, "
  })
  void theRealServerAcceptsEveryPlannedObject(String fixture, String mode, String storageClass) {
    cluster.load(fixture);
    List<String> args =
        new ArrayList<>(
            List.of(
                "install",
                bundle.toString(),
                "--server-dry-run",
                "--mode",
                mode,
                "--allow-privileged-namespace",
                "-o",
                "yaml",
                "--kubeconfig",
                lab.kubeconfig().toString(),
                "--work-dir",
                dir.resolve("work").toString()));
    if (storageClass != null) {
      // The Talos fixture has no StorageClass (Talos ships none).
      args.addAll(List.of("--storage-class", storageClass));
    }
    CliRun r = CliRun.of(args.toArray(String[]::new));
    assertEquals(0, r.exitCode(), r.toString());
    Matcher m = VERDICT.matcher(r.err());
    assertTrue(m.find(), r.err());
    assertEquals(m.group(2), m.group(1), r.err());
    assertTrue(Integer.parseInt(m.group(2)) >= 15, r.err());
    assertTrue(
        r.err().contains("checked in namespace default (airlock-system does not exist yet)"),
        r.err());
    assertFalse(r.err().contains("dropped"), "no field unknown to 1.20: " + r.err());
    // Kubernetes 1.20: no Pod Security labels, and the plan says so.
    assertFalse(r.out().contains("pod-security.kubernetes.io"), r.out());
    if (!mode.equals("nodeport")) {
      assertTrue(r.err().contains("has no Pod Security Admission (1.23+)"), r.err());
    }
    KubernetesClient client = lab.client();
    assertNull(client.namespaces().withName(NS).get(), "a dry-run stores nothing");
    assertTrue(
        client.configMaps().inNamespace("default").list().getItems().stream()
            .noneMatch(c -> c.getMetadata().getName().startsWith("airlock-")),
        "a dry-run stores nothing");
  }

  /**
   * The plan's namespace, identities, Secrets, ConfigMaps (with the real payload chunks) and
   * Services applied for real; the state Secret read back by the probe; a second plan finds them,
   * keeps the secrets and the server accepts every update, including the workloads now checked in
   * their own namespace; then everything is deleted. OpenShift in a proxy mode adds the RBAC
   * objects (a Role and RoleBinding to use the host-port SCC).
   */
  @ParameterizedTest
  @CsvSource({
    "k3s,       nodeport, 127.0.0.1:31999, k3s,       ",
    "openshift, hostport, 127.0.0.1:5000,  OpenShift, Role"
  })
  void applyingTheNonWorkloadObjectsStoresThemAndTheStateReadsBack(
      String fixture, String mode, String address, String distro, String rbac) throws Exception {
    cluster.load(fixture);
    KubernetesClient client = lab.client();
    Preflight.Planned planned =
        plan(
            "install",
            bundle.toString(),
            "--dry-run",
            "--mode",
            mode,
            "--kubeconfig",
            lab.kubeconfig().toString(),
            "--work-dir",
            dir.resolve("work").toString());
    assertEquals(List.of(), planned.plan().problems());
    PlanApplier applier = new PlanApplier(client, planned.seed());
    List<HasMetadata> applied = new ArrayList<>();
    try {
      for (PlannedChange c : planned.plan().changes()) {
        if (NON_WORKLOAD.contains(c.object().getKind())) {
          ApplyResult result = applier.apply(c);
          assertTrue(result.accepted(), c.describe() + ": " + result.detail());
          assertEquals(List.of(), result.droppedFields(), c.describe());
          applied.add(c.object());
        }
      }
      assertTrue(applied.size() >= 12, applied.toString());
      if (rbac != null) {
        // OpenShift in a proxy mode: a Role and RoleBinding to use the host-port SCC.
        assertTrue(applied.stream().anyMatch(o -> o.getKind().equals("Role")), applied.toString());
        assertTrue(
            applied.stream().anyMatch(o -> o.getKind().equals("RoleBinding")), applied.toString());
        assertEquals(
            "use",
            client
                .rbac()
                .roles()
                .inNamespace(NS)
                .list()
                .getItems()
                .get(0)
                .getRules()
                .get(0)
                .getVerbs()
                .get(0));
      }

      InstallState state = StateStore.read(client, NS).orElseThrow();
      assertEquals(mode, state.mode());
      assertEquals(address, state.registry().address());
      assertEquals("v1.20.2", state.kubernetesVersion());
      assertEquals(distro, state.distro());
      assertTrue(
          state.installed().stream()
              .anyMatch(o -> o.kind().equals("Deployment") && o.name().equals("airlock-registry")),
          state.installed().toString());

      // Payload chunks hold the seed's bytes, as their annotations say.
      List<ConfigMap> chunks =
          client.configMaps().inNamespace(NS).list().getItems().stream()
              .filter(c -> c.getMetadata().getName().matches("airlock-seed-\\d{4}"))
              .toList();
      assertEquals(planned.seed().chunkCount(), chunks.size());
      for (ConfigMap c : chunks) {
        String key = c.getMetadata().getAnnotations().get("airlock.io/chunk");
        byte[] bytes = Base64.getDecoder().decode(c.getBinaryData().get(key));
        assertEquals(
            c.getMetadata().getAnnotations().get("airlock.io/chunk-sha256"),
            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
      }

      CliRun probe = CliRun.of("cluster", "probe", "--kubeconfig", lab.kubeconfig().toString());
      assertEquals(0, probe.exitCode(), probe.toString());
      assertTrue(probe.out().contains("Installed  mode " + mode + " (airlock-state"), probe.out());

      // A second run: the objects exist, so the plan updates them; the server judges the updates
      // (server-side apply) and now also the pods in airlock-system with their own accounts.
      CliRun again =
          CliRun.of(
              "install",
              bundle.toString(),
              "--server-dry-run",
              "--kubeconfig",
              lab.kubeconfig().toString(),
              "--work-dir",
              dir.resolve("work").toString());
      assertEquals(0, again.exitCode(), again.toString());
      Matcher m = VERDICT.matcher(again.out());
      assertTrue(m.find(), again.out());
      assertEquals(m.group(2), m.group(1), again.out());
      assertFalse(again.out().contains("checked in namespace default"), again.out());
      assertTrue(again.out().contains("Secret airlock-registry-auth kept: exists"), again.out());
      assertTrue(
          again.out().contains("Mode      " + mode + " (kept from the earlier installation"),
          again.out());
    } finally {
      for (int i = applied.size() - 1; i >= 0; i--) {
        client.resource(applied.get(i)).delete();
      }
    }
    awaitGone(client);
  }

  /** Namespace deletion is finished by the lab's namespace controller. */
  private static void awaitGone(KubernetesClient client) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      Namespace ns = client.namespaces().withName(NS).get();
      if (ns == null) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(NS + " still there 60 s after its deletion");
  }

  /** Plans through the command line's own option parsing, without printing. */
  private static Preflight.Planned plan(String... args) throws Exception {
    CommandLine.ParseResult parsed = Airlock.commandLine().parseArgs(args);
    InstallCommand cmd = (InstallCommand) parsed.subcommand().commandSpec().userObject();
    return Preflight.dryRun(cmd.request(true), false, ProgressListener.NONE).planned();
  }
}
