package io.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.airlock.core.testing.Trees;
import io.airlock.installer.state.InstallState;
import io.airlock.installer.state.StateStore;
import io.airlock.installer.testing.NeedsNode;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * {@code airlock install --configure-nodes} on the lab's real node, mode nodeport: the node program
 * (pulled from the registry the install just filled) writes hosts.toml into the node's containerd
 * {@code config_path}, keeping the site's own docker.io file beside it; a Deployment of an upstream
 * name then runs without the test placing any file; {@code airlock uninstall} puts the node's
 * configuration back byte for byte (the file tree before and after compared).
 */
@NeedsNode
class ConfigureNodesIT extends NodeInstallBase {

  static final String SITE_FILE =
      "# the site's own: docker.io straight from Docker Hub\nserver = \"https://registry-1.docker.io\"\n";

  static Path hosts;
  static Path siteFile;
  static Map<String, String> before;
  static CliRun first;
  static JsonNode report;

  @BeforeAll
  static void installOnce() throws Exception {
    LabInstalls.forgetImages(lab, InstallNodeIT.SEED, "docker.io/airlock-samples/");
    hosts = lab.registryHostsDir();
    siteFile = hosts.resolve("docker.io/hosts.toml");
    Files.createDirectories(siteFile.getParent());
    Files.writeString(siteFile, SITE_FILE);
    before = Trees.contents(hosts);
    sample = LabInstalls.runnableSample(dir.resolve("bundle"), 2, 256 << 10, 13);
    long t0 = System.nanoTime();
    first =
        CliRun.of(LabInstalls.install(lab, sample.path(), dir, LabInstalls.configureNodes(lab)));
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(0, first.exitCode(), first.toString());
    report = LabInstalls.latestReport(dir.resolve("reports"));
    System.err.printf(
        "[configure-nodes-it] install %d ms, nodes step %.1f s%n",
        millis, LabInstalls.seconds(report, "nodes"));
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (lab == null) {
      return;
    }
    lab.client().apps().deployments().inNamespace("default").withName("hello").delete();
    if (lab.client().secrets().inNamespace(NS).withName("airlock-state").get() != null) {
      CliRun.of(LabInstalls.uninstall(lab));
    }
    try (Stream<Path> s = Files.list(siteFile.getParent())) {
      for (Path p : s.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(siteFile.getParent());
  }

  @Test
  @Order(1)
  void theNodeStepWroteTheFilesAndTheStateSaysWhat() throws Exception {
    assertTrue(
        LabInstalls.steps(report).contains("nodes:done"), LabInstalls.steps(report).toString());
    assertTrue(
        report.get("notDone").toString().indexOf("mirror configuration on the nodes") < 0,
        "the nodes are configured, the report must not ask the person to do it: "
            + report.get("notDone"));
    assertTrue(
        Files.readString(siteFile).contains("http://127.0.0.1:31999/v2/docker.io"),
        Files.readString(siteFile));
    assertEquals(SITE_FILE, Files.readString(siteFile.resolveSibling("hosts.toml.airlock-backup")));
    InstallState state = StateStore.read(lab.client(), NS).orElseThrow();
    assertEquals(1, state.nodes().size(), state.nodes().toString());
    InstallState.NodeConfig node = state.nodes().get(0);
    assertEquals(lab.nodeName(), node.node());
    assertEquals("containerd", node.format());
    assertEquals(hosts.toString(), node.root());
    assertTrue(
        node.image().startsWith("127.0.0.1:31999/airlock.local/airlock/nodecfg:"), node.image());
    Map<String, String> actions = new TreeMap<>();
    node.files().forEach(f -> actions.put(f.path(), f.action()));
    assertEquals("replaced", actions.get("docker.io/hosts.toml"), actions.toString());
    assertTrue(actions.containsValue("created") || actions.size() == 1, actions.toString());
    assertEquals(null, node.restart(), "config_path is set: containerd needs no restart");
    assertEquals(
        List.of(),
        lab.client().apps().daemonSets().inNamespace(NS).list().getItems().stream()
            .map(d -> d.getMetadata().getName())
            .filter(n -> n.startsWith("airlock-nodecfg"))
            .toList(),
        "the one-shot DaemonSet is gone");
    assertEquals(
        List.of(),
        lab.client().pods().inNamespace(NS).withLabel("airlock.io/job").list().getItems().stream()
            .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
            .map(p -> p.getMetadata().getName())
            .toList());
  }

  /**
   * No file placed by the test: the node's containerd pulls the upstream name from the registry.
   */
  @Test
  @Order(2)
  void aDeploymentOfTheUpstreamNameRunsWithoutFilesPlacedByHand() {
    long t0 = System.nanoTime();
    Pod pod = LabInstalls.runHello(lab, HELLO);
    System.err.printf(
        "[configure-nodes-it] hello Ready %d ms after create%n",
        (System.nanoTime() - t0) / 1_000_000);
    LabInstalls.assertRunsSampleHello(sample, pod);
  }

  @Test
  @Order(3)
  void uninstallPutsTheNodesConfigurationBackExactly() throws Exception {
    lab.client().apps().deployments().inNamespace("default").withName("hello").delete();
    long t0 = System.nanoTime();
    CliRun u = CliRun.of(LabInstalls.uninstall(lab));
    assertEquals(0, u.exitCode(), u.toString());
    System.err.printf(
        "[configure-nodes-it] uninstall with node restore %d ms%n",
        (System.nanoTime() - t0) / 1_000_000);
    assertEquals(before, Trees.contents(hosts));
    assertNotNull(u.out());
    LabInstalls.awaitNothingLeft(lab);
  }
}
