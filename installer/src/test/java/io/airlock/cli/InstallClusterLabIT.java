package io.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.airlock.core.testing.Samples;
import io.airlock.installer.state.InstallState;
import io.airlock.installer.state.StateStore;
import io.airlock.installer.testing.LabCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code airlock install} for real against a real kube-apiserver 1.20 without a node: the objects
 * are made, the state Secret is written before the seed, the injector pod never runs, and the run
 * fails in the cluster's words after the timeout; {@code airlock uninstall} then removes all of it.
 * A user without the permissions is stopped before any change.
 */
class InstallClusterLabIT extends ApiServerLabBase {

  static final String NS = "airlock-system";

  static Path bundle;

  @BeforeAll
  static void makeBundle() throws Exception {
    bundle = dir.resolve("bundle");
    Samples.k0rdent(bundle, 2, 4096, 5);
  }

  private static String[] install(String kubeconfig, String... more) {
    return Stream.concat(
            Stream.of(
                "install",
                bundle.toString(),
                "--insecure-skip-verify",
                "--mode",
                "nodeport",
                "--kubeconfig",
                kubeconfig,
                "--work-dir",
                dir.resolve("work").toString(),
                "--report-dir",
                dir.resolve("reports").toString()),
            Stream.of(more))
        .toArray(String[]::new);
  }

  @Test
  void aSeedThatNeverServesFailsInTheClustersWordsAndUninstallRemovesAll() throws Exception {
    cluster.load("k3s");
    KubernetesClient client = lab.client();
    CliRun r = CliRun.of(install(lab.kubeconfig().toString(), "--ready-timeout", "5"));
    assertEquals(ExitCodes.REMOTE_FAILED, r.exitCode(), r.toString());
    assertTrue(
        r.err().contains("error: pod airlock-system/airlock-injector did not become Ready in 5 s:"),
        r.err());
    assertTrue(r.err().contains("what to do: Read the events above"), r.err());
    // The record was saved before the seed: whatever this run made, uninstall finds it.
    InstallState state = StateStore.read(client, NS).orElseThrow();
    assertEquals(InstallState.INSTALLING, state.status());
    assertTrue(state.installed().stream().anyMatch(o -> o.name().equals("airlock-injector")));
    JsonNode report = LabInstalls.latestReport(dir.resolve("reports"));
    assertEquals("failed", report.get("outcome").asText());
    assertEquals(
        List.of("verify:skipped", "preflight:done", "prepare:done", "seed:failed"),
        LabInstalls.steps(report));
    assertTrue(
        report.get("verificationConfirmation").asText().startsWith("--insecure-skip-verify"),
        report.toString());

    CliRun u = CliRun.of("uninstall", "--kubeconfig", lab.kubeconfig().toString());
    assertEquals(0, u.exitCode(), u.toString());
    assertTrue(u.out().contains("The last installation stopped before its end"), u.out());
    LabInstalls.awaitNothingLeft(lab);
  }

  /** The probe's access reviews say what is missing; nothing is made before the plan is sound. */
  @Test
  void aUserWhoMayNotCreatePodsIsStoppedBeforeAnyChange() throws Exception {
    cluster.load("k3s");
    KubernetesClient admin = lab.client();
    String ns = "team-b";
    cluster.installerAccount(
        ns,
        "no-pods",
        LabCluster.rule(
            "",
            List.of("secrets", "configmaps", "services", "serviceaccounts"),
            "get",
            "list",
            "create",
            "update",
            "patch"));
    try {
      Path kubeconfig = cluster.serviceAccountKubeconfig(dir, ns, "installer");
      CliRun r =
          CliRun.of(install(kubeconfig.toString(), "-n", ns, "--storage-class", "local-path"));
      assertEquals(ExitCodes.CHECK_FAILED, r.exitCode(), r.toString());
      assertTrue(r.err().contains("your user may not create pods in team-b"), r.err());
      assertTrue(r.err().contains("nothing was changed"), r.err());
      assertTrue(
          admin
              .configMaps()
              .inNamespace(ns)
              .withLabel("app.kubernetes.io/managed-by", "airlock")
              .list()
              .getItems()
              .isEmpty());
      assertTrue(
          admin
              .secrets()
              .inNamespace(ns)
              .withLabel("app.kubernetes.io/managed-by", "airlock")
              .list()
              .getItems()
              .isEmpty());
    } finally {
      admin.namespaces().withName(ns).delete();
    }
  }
}
