package io.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.airlock.core.testing.Command;
import io.airlock.core.testing.OpensslCa;
import io.airlock.installer.testing.NeedsNode;
import io.airlock.installer.testing.Workloads;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Mode hostport on the test lab's real node, and the switches nodeport → hostport → nodeport while
 * a Deployment keeps running: the registry behind a ClusterIP Service that demands client
 * certificates, {@code airlock-proxy} on the node's {@code 127.0.0.1:5000} with the installer's
 * client certificate, its image pulled from the host-network injector that stays for nodes added
 * later; a new pod pulls the upstream name through the proxy; a client without a certificate or
 * with one of another CA is refused by the registry (curl); the switch back removes the proxy and
 * the seed, keeps the data (nothing pushed again), and new pods pull through the NodePort again.
 */
@NeedsNode
class InstallProxyIT extends NodeInstallBase {

  static String helloPod;

  @BeforeAll
  static void makeSample() throws Exception {
    LabInstalls.forgetImages(
        lab, "127.0.0.1:31998/", "127.0.0.1:5001/", "docker.io/airlock-samples/");
    sample = LabInstalls.runnableSample(dir.resolve("bundle"), 2, 256 << 10, 11);
  }

  @Test
  @Order(1)
  void nodeportFirstAndADeploymentPullsThroughTheNodePort() throws Exception {
    JsonNode report = install("nodeport");
    placeMirrorFiles(report);
    createHello();
    helloPod = awaitHello(null);
  }

  @Test
  @Order(2)
  void switchToHostportKeepsTheDeploymentAndNewPodsPullThroughTheProxy() throws Exception {
    long t0 = System.nanoTime();
    JsonNode report = install("hostport");
    System.err.printf(
        "[proxy-it] switch to hostport %d ms; steps: %s%n",
        (System.nanoTime() - t0) / 1_000_000, report.get("steps"));
    List<String> steps = LabInstalls.steps(report);
    assertTrue(steps.contains("seed:done"), steps.toString());
    assertTrue(steps.contains("remove-injector:skipped"), steps.toString());
    assertTrue(steps.contains("check:done"), steps.toString());
    assertEquals("hostport", report.get("mode").get("mode").asText());
    assertEquals("http://127.0.0.1:5000", report.get("mode").get("registry").asText());
    // The data volume was kept: nothing to push again.
    assertEquals(0, report.get("push").get("pushed").asInt(), report.get("push").toString());
    assertTrue(
        report.get("notes").toString().contains("etcd space"), report.get("notes").toString());
    KubernetesClient c = lab.client();
    Service svc = c.services().inNamespace(NS).withName("airlock-registry").get();
    assertEquals("ClusterIP", svc.getSpec().getType());
    assertEquals(5443, svc.getSpec().getPorts().get(0).getPort());
    DaemonSet proxy = c.apps().daemonSets().inNamespace(NS).withName("airlock-proxy").get();
    assertEquals(1, proxy.getStatus().getNumberReady());
    var port = Workloads.firstContainer(proxy).getPorts().get(0);
    assertEquals("127.0.0.1", port.getHostIP());
    assertEquals(5000, port.getHostPort());
    assertTrue(
        Workloads.firstContainer(proxy)
            .getImage()
            .startsWith("127.0.0.1:5001/airlock.local/airlock/proxy"));
    assertEquals(
        helloPod, awaitHello(null), "the running Deployment's pod was replaced by the switch");
    placeMirrorFiles(report);
    String fresh = awaitHello(helloPod);
    assertNotEquals(helloPod, fresh);
    assertPulledThrough(fresh);
    helloPod = fresh;
  }

  /**
   * The registry's pull endpoint demands a client certificate of Airlock's CA: none or one of
   * another CA is refused; the proxy's own is accepted (the same request, so the refusals are the
   * certificate's doing).
   */
  @Test
  @Order(3)
  void theRegistryRefusesClientsWithoutTheProxysCertificate() throws Exception {
    KubernetesClient c = lab.client();
    String ip =
        c.services().inNamespace(NS).withName("airlock-registry").get().getSpec().getClusterIP();
    Secret tls = c.secrets().inNamespace(NS).withName("airlock-proxy-tls").get();
    Path ca = write("ca.crt", tls);
    Path cert = write("tls.crt", tls);
    Path key = write("tls.key", tls);
    String host = "airlock-registry." + NS + ".svc";
    List<String> curl =
        List.of(
            "curl",
            "-sS",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            "--max-time",
            "20",
            "--cacert",
            ca.toString(),
            "--resolve",
            host + ":5443:" + ip,
            "https://" + host + ":5443/v2/");
    Command.Result ok = curlWith(curl, "--cert", cert.toString(), "--key", key.toString());
    assertEquals("200", ok.out(), ok.stderr());

    Command.Result none = curlWith(curl);
    assertTrue(none.exitCode() != 0 || !none.out().equals("200"), none.out() + none.stderr());

    // A client certificate of another CA, with the proxy's own name.
    OpensslCa.Pair other = OpensslCa.create(dir, "rogue").client("airlock-proxy");
    Command.Result wrong =
        curlWith(curl, "--cert", other.cert().toString(), "--key", other.key().toString());
    assertTrue(wrong.exitCode() != 0 || !wrong.out().equals("200"), wrong.out() + wrong.stderr());
  }

  /** A node whose proxy image is gone pulls it again from the injector the proxy modes keep. */
  @Test
  @Order(4)
  void aNodeWithoutTheProxyImageGetsItAgain() throws Exception {
    KubernetesClient c = lab.client();
    LabInstalls.forgetImages(lab, "127.0.0.1:5001/airlock.local/airlock/proxy");
    Pod old =
        c.pods()
            .inNamespace(NS)
            .withLabel("app.kubernetes.io/component", "proxy")
            .list()
            .getItems()
            .get(0);
    c.pods().inNamespace(NS).withName(old.getMetadata().getName()).delete();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
    while (!proxyBack(c, old)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the proxy did not come back:\n" + podsAndEvents(c));
      }
      Thread.sleep(1000);
    }
    assertTrue(
        lab.ctr("images", "ls", "-q").contains("127.0.0.1:5001/airlock.local/airlock/proxy"),
        lab.ctr("images", "ls", "-q"));
  }

  @Test
  @Order(5)
  void switchBackToNodeportRemovesTheProxyAndTheSeed() throws Exception {
    JsonNode report = install("nodeport");
    List<String> steps = LabInstalls.steps(report);
    assertTrue(steps.contains("check:done"), steps.toString());
    assertEquals(0, report.get("push").get("pushed").asInt(), report.get("push").toString());
    KubernetesClient c = lab.client();
    assertNull(c.apps().daemonSets().inNamespace(NS).withName("airlock-proxy").get());
    assertEquals(
        List.of(),
        c.apps().daemonSets().inNamespace(NS).list().getItems().stream()
            .map(d -> d.getMetadata().getName())
            .toList());
    assertNull(c.serviceAccounts().inNamespace(NS).withName("airlock-proxy").get());
    assertEquals(List.of(), LabInstalls.seedPayload(lab), "the seed's payload is left");
    String state =
        new String(
            Base64.getDecoder()
                .decode(
                    c.secrets()
                        .inNamespace(NS)
                        .withName("airlock-state")
                        .get()
                        .getData()
                        .get("state.json")),
            StandardCharsets.UTF_8);
    assertTrue(!state.contains("\"DaemonSet\""), state);
    assertEquals(helloPod, awaitHello(null));
    placeMirrorFiles(report);
    String fresh = awaitHello(helloPod);
    assertPulledThrough(fresh);
  }

  @Test
  @Order(6)
  void uninstallLeavesNothingOfAirlocks() throws Exception {
    lab.client().apps().deployments().inNamespace("default").withName("hello").delete();
    LabInstalls.uninstallLeavesNothing(lab);
  }

  private static JsonNode install(String mode) throws Exception {
    CliRun run = CliRun.of(LabInstalls.installIn(mode, lab, sample.path(), dir));
    assertEquals(0, run.exitCode(), run.toString());
    return LabInstalls.latestReport(dir.resolve("reports"));
  }

  private static Command.Result curlWith(List<String> curl, String... more) {
    List<String> cmd = new ArrayList<>(curl.subList(0, curl.size() - 1));
    cmd.addAll(List.of(more));
    cmd.add(curl.get(curl.size() - 1));
    return Command.run(cmd.toArray(String[]::new));
  }

  private static Path write(String key, Secret s) throws Exception {
    Path p = dir.resolve("proxy-" + key);
    Files.write(p, Base64.getDecoder().decode(s.getData().get(key)));
    return p;
  }

  private static void placeMirrorFiles(JsonNode report) throws Exception {
    LabInstalls.placeMirrorFiles(lab, report, written);
  }

  private static void createHello() {
    lab.client()
        .apps()
        .deployments()
        .inNamespace("default")
        .resource(LabInstalls.deployment("hello", HELLO))
        .create();
  }

  /**
   * The name of hello's Ready pod; with {@code replace}, that pod is deleted first and the name of
   * its Ready successor (which pulled the image anew) is returned.
   */
  private static String awaitHello(String replace) throws InterruptedException {
    KubernetesClient c = lab.client();
    if (replace != null) {
      c.pods().inNamespace("default").withName(replace).withGracePeriod(0).delete();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      var ready =
          c.pods().inNamespace("default").withLabel("app", "hello").list().getItems().stream()
              .filter(p -> !p.getMetadata().getName().equals(replace))
              .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
              .filter(
                  p ->
                      p.getStatus() != null
                          && p.getStatus().getConditions() != null
                          && p.getStatus().getConditions().stream()
                              .anyMatch(
                                  x -> "Ready".equals(x.getType()) && "True".equals(x.getStatus())))
              .findFirst();
      if (ready.isPresent()) {
        return ready.get().getMetadata().getName();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "no Ready pod of hello in 120 s: "
                + lab.kubectl("describe", "pods", "-n", "default", "-l", "app=hello"));
      }
      Thread.sleep(500);
    }
  }

  /** The pod's image was pulled (not found on the node) with the bundle's digest. */
  private static void assertPulledThrough(String pod) {
    KubernetesClient c = lab.client();
    List<String> pulled =
        c.v1().events().inNamespace("default").list().getItems().stream()
            .filter(e -> pod.equals(e.getInvolvedObject().getName()))
            .filter(e -> "Pulled".equals(e.getReason()))
            .map(e -> e.getMessage())
            .toList();
    assertTrue(
        pulled.stream().anyMatch(m -> m.startsWith("Successfully pulled image \"" + HELLO)),
        pulled.toString());
    Pod p = c.pods().inNamespace("default").withName(pod).get();
    LabInstalls.assertRunsSampleHello(sample, p);
  }

  /**
   * The proxy's DaemonSet ready on a pod other than {@code old}. False, to be asked again, when a
   * request times out: the lab's API server can stall for seconds while the node pulls and unpacks
   * an image beside it (2 cores), which says nothing about the proxy.
   */
  private static boolean proxyBack(KubernetesClient c, Pod old) {
    try {
      DaemonSet d = c.apps().daemonSets().inNamespace(NS).withName("airlock-proxy").get();
      return d != null
          && d.getStatus() != null
          && Integer.valueOf(1).equals(d.getStatus().getNumberReady())
          && c
              .pods()
              .inNamespace(NS)
              .withLabel("app.kubernetes.io/component", "proxy")
              .list()
              .getItems()
              .stream()
              .noneMatch(p -> p.getMetadata().getUid().equals(old.getMetadata().getUid()));
    } catch (KubernetesClientException e) {
      if (e.getCause() instanceof IOException) {
        return false;
      }
      throw e;
    }
  }

  /** What the namespace's pods and events say, for a failure's message. */
  private static String podsAndEvents(KubernetesClient c) {
    StringBuilder b = new StringBuilder();
    for (Pod p : c.pods().inNamespace(NS).list().getItems()) {
      b.append("pod ")
          .append(p.getMetadata().getName())
          .append(' ')
          .append(p.getStatus().getPhase())
          .append(' ')
          .append(p.getStatus().getContainerStatuses())
          .append('\n');
    }
    c.v1().events().inNamespace(NS).list().getItems().stream()
        .sorted(
            java.util.Comparator.comparing(
                ev -> String.valueOf(ev.getLastTimestamp()), java.util.Comparator.naturalOrder()))
        .forEach(
            ev ->
                b.append(ev.getLastTimestamp())
                    .append(' ')
                    .append(ev.getInvolvedObject().getName())
                    .append(' ')
                    .append(ev.getReason())
                    .append(": ")
                    .append(ev.getMessage())
                    .append('\n'));
    return b.toString();
  }
}
