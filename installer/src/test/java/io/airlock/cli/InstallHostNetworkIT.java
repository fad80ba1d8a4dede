package io.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.airlock.installer.testing.LabHttp;
import io.airlock.installer.testing.NeedsNode;
import io.airlock.installer.testing.NodeLab;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Mode hostnetwork on the IPv6-only variant of the test lab (seed 000): the seed injector as a
 * host-network DaemonSet, the proxy on the host network bound to {@code [::1]:5000} only, and a
 * Deployment of an upstream name pulled through {@code [::1]:5000}.
 */
@NeedsNode(NodeLab.Family.IPV6)
class InstallHostNetworkIT extends NodeInstallBase {

  static JsonNode report;

  @BeforeAll
  static void installOnce() throws Exception {
    LabInstalls.forgetImages(lab, "localhost:5001/", "docker.io/airlock-samples/");
    sample = LabInstalls.runnableSample(dir.resolve("bundle"), 2, 256 << 10, 12);
    long t0 = System.nanoTime();
    CliRun run = CliRun.of(LabInstalls.installIn("hostnetwork", lab, sample.path(), dir));
    assertEquals(0, run.exitCode(), run.toString());
    report = LabInstalls.latestReport(dir.resolve("reports"));
    System.err.printf(
        "[hostnetwork-it] install %d ms; steps: %s%n",
        (System.nanoTime() - t0) / 1_000_000, report.get("steps"));
  }

  @Test
  @Order(1)
  void theProxyListensOnIpv6LoopbackOnly() throws Exception {
    assertEquals("hostnetwork", report.get("mode").get("mode").asText());
    assertEquals("http://[::1]:5000", report.get("mode").get("registry").asText());
    KubernetesClient c = lab.client();
    DaemonSet proxy = c.apps().daemonSets().inNamespace(NS).withName("airlock-proxy").get();
    assertEquals(Boolean.TRUE, proxy.getSpec().getTemplate().getSpec().getHostNetwork());
    DaemonSet injector =
        c.apps().daemonSets().inNamespace(NS).withName("airlock-injector-amd64").get();
    assertEquals(Boolean.TRUE, injector.getSpec().getTemplate().getSpec().getHostNetwork());
    assertEquals(1, injector.getStatus().getNumberReady());
    // The proxy answers on the node's [::1] through mutual TLS to the registry...
    assertTrue(LabHttp.get("http://[::1]:5000/v2/").startsWith("{"));
    // ...and nowhere else: not on IPv4 loopback, not on the node's address.
    assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", 5000).close());
    assertThrows(ConnectException.class, () -> new Socket(lab.nodeIp(), 5000).close());
  }

  /**
   * The nodes configured with consent (the node program pulled from the seed injector on 127.0.0.1:
   * the registry is only at [::1], which no image reference can name), then an upstream name pulls
   * through [::1]:5000 without the test placing any file.
   */
  @Test
  @Order(2)
  void configuredNodesPullTheUpstreamNameThroughIpv6Loopback() throws Exception {
    Path hosts = lab.registryHostsDir();
    CliRun run =
        CliRun.of(
            LabInstalls.installIn(
                "hostnetwork", lab, sample.path(), dir, LabInstalls.configureNodes(lab)));
    assertEquals(0, run.exitCode(), run.toString());
    JsonNode second = LabInstalls.latestReport(dir.resolve("reports"));
    assertTrue(
        LabInstalls.steps(second).contains("nodes:done"), LabInstalls.steps(second).toString());
    assertTrue(
        run.out().contains("127.0.0.1:5001/airlock.local/airlock/nodecfg"),
        "the node program is not pulled from the seed:\n" + run.out());
    String mirror = Files.readString(hosts.resolve("docker.io/hosts.toml"));
    assertTrue(mirror.contains("http://[::1]:5000"), mirror);
    Pod pod = LabInstalls.runHello(lab, HELLO);
    LabInstalls.assertRunsSampleHello(sample, pod);
  }

  @Test
  @Order(3)
  void uninstallLeavesNothingOfAirlocks() throws Exception {
    lab.client().apps().deployments().inNamespace("default").withName("hello").delete();
    LabInstalls.uninstallLeavesNothing(lab);
  }
}
