package io.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.airlock.core.sample.SampleBundle;
import io.airlock.installer.testing.LabHttp;
import io.airlock.installer.testing.NeedsNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * {@code airlock install} end to end on the test lab's real node, mode nodeport: the injector
 * serves the kubelet the registry image from ConfigMaps, the registry runs from Airlock's own image
 * pulled from it, every image and chart goes through the tunnel to its push endpoint, and with the
 * mirror files the report gives in place (as an operator puts them) the node pulls an upstream
 * name, {@code docker.io/airlock-samples/hello:1.0.0}, through {@code 127.0.0.1:31999}: no DNS, no
 * route out. A second run changes nothing; {@code airlock uninstall} leaves nothing of Airlock's.
 */
@NeedsNode
class InstallNodeIT extends NodeInstallBase {

  static final String SEED = "127.0.0.1:31998/";
  static final String PULL = "127.0.0.1:31999";

  static CliRun first;
  static JsonNode report;

  @BeforeAll
  static void installOnce() throws Exception {
    forgetImages();
    sample = LabInstalls.runnableSample(dir.resolve("bundle"), 2, 256 << 10, 11);
    long t0 = System.nanoTime();
    first = CliRun.of(LabInstalls.install(lab, sample.path(), dir));
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(0, first.exitCode(), first.toString());
    report = LabInstalls.latestReport(dir.resolve("reports"));
    System.err.printf("[install-it] install %d ms; steps (s): %s%n", millis, timings(report));
  }

  @Test
  @Order(1)
  void everyStepRanAndTheReportSaysSo() {
    assertEquals(
        List.of(
            "verify:skipped",
            "preflight:done",
            "prepare:done",
            "seed:done",
            "registry:done",
            "push:done",
            "remove-injector:done",
            "mirrors:done",
            "check:done",
            "state:done"),
        LabInstalls.steps(report));
    assertEquals("completed", report.get("outcome").asText());
    assertEquals("nodeport", report.get("mode").get("mode").asText());
    assertEquals("http://" + PULL, report.get("mode").get("registry").asText());
    assertTrue(first.out().contains("nodes pull from http://" + PULL), first.out());
  }

  /**
   * The kubelet pulled Airlock's registry image from the injector (the pod's events say it was
   * pulled, not found on the node), and the seed is gone once the registry runs.
   */
  @Test
  @Order(2)
  void theRegistryRunsFromAirlocksImagePulledFromTheInjector() {
    KubernetesClient c = lab.client();
    Deployment d = c.apps().deployments().inNamespace(NS).withName("airlock-registry").get();
    String image = d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    assertTrue(image.startsWith(SEED + "airlock.local/airlock/registry"), image);
    assertEquals(1, d.getStatus().getReadyReplicas());
    List<String> pulled =
        c.v1().events().inNamespace(NS).list().getItems().stream()
            .filter(e -> e.getInvolvedObject().getName().startsWith("airlock-registry-"))
            .filter(e -> "Pulled".equals(e.getReason()))
            .map(e -> e.getMessage())
            .toList();
    assertTrue(
        pulled.stream().anyMatch(m -> m.startsWith("Successfully pulled image \"" + image + "\"")),
        pulled.toString());
    assertNull(c.pods().inNamespace(NS).withName("airlock-injector").get());
    assertEquals(List.of(), LabInstalls.seedPayload(lab), "the seed's payload is left");
  }

  /**
   * Every image and chart went through the tunnel, and the digest the report gives for each is the
   * one the nodes' endpoint serves (skopeo reads it) and the one the bundle holds.
   */
  @Test
  @Order(3)
  void everyDigestInTheReportIsWhatTheRegistryServes() {
    JsonNode push = report.get("push");
    assertTrue(push.get("readBack").asBoolean());
    assertTrue(push.get("target").asText().startsWith("127.0.0.1:"), push.toString());
    assertNotEquals(PULL, push.get("target").asText());
    List<String> checked = LabInstalls.assertEveryArtifactServed(report);
    for (SampleBundle.SampleImage i : sample.images()) {
      assertTrue(checked.contains(i.ref()), i.ref() + " not in " + checked);
      assertEquals(i.digest().toString(), LabInstalls.digestOf(sample, i.ref()), i.ref());
    }
    assertTrue(checked.contains("charts/hello:0.1.0"), checked.toString());
  }

  /** The NodePort is the nodes' pull endpoint: it takes no push, with or without a password. */
  @Test
  @Order(4)
  void theNodesEndpointRefusesPushes() throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://" + PULL + "/v2/docker.io/evil/blobs/uploads/"))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertTrue(Set.of(401, 403, 405).contains(r.statusCode()), r.statusCode() + " " + r.body());
  }

  /**
   * The mirror files of the report, put where the node's containerd reads them, make a Deployment
   * of the upstream name run from the registry in the cluster.
   */
  @Test
  @Order(5)
  void aDeploymentOfTheUpstreamNamePullsThroughTheRegistry() throws Exception {
    LabInstalls.placeMirrorFiles(lab, report, written);
    KubernetesClient c = lab.client();
    Pod pod = LabInstalls.runHello(lab, HELLO);
    LabInstalls.assertRunsSampleHello(sample, pod);
    String log = c.apps().deployments().inNamespace(NS).withName("airlock-registry").getLog();
    assertTrue(
        log.lines()
            .anyMatch(
                l ->
                    l.contains("GET /v2/docker.io/airlock-samples/hello/manifests/")
                        && l.contains("containerd")),
        "the registry's log shows no pull of hello by containerd:\n" + log);
    try (LocalPortForward pf =
        c.pods().inNamespace("default").withName(pod.getMetadata().getName()).portForward(8080)) {
      String body = LabHttp.get("http://127.0.0.1:" + pf.getLocalPort() + "/");
      assertTrue(body.startsWith("hello from airlock-samples/hello"), body);
    }
  }

  /**
   * A second run with everything in place sends nothing: no seed, no byte pushed, no object
   * created. The push step's target is under 2 s (bench/install.sh measures it on a quiet machine);
   * the bound here leaves room for a busy CI machine.
   */
  @Test
  @Order(6)
  void aSecondRunChangesNothing() throws Exception {
    long t0 = System.nanoTime();
    CliRun again = CliRun.of(LabInstalls.install(lab, sample.path(), dir));
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(0, again.exitCode(), again.toString());
    JsonNode r = LabInstalls.latestReport(dir.resolve("reports"));
    System.err.printf("[install-it] second run %d ms; steps (s): %s%n", millis, timings(r));
    List<String> steps = LabInstalls.steps(r);
    assertTrue(steps.contains("seed:skipped"), steps.toString());
    JsonNode push = r.get("push");
    assertEquals(0, push.get("pushed").asInt(), push.toString());
    assertEquals(report.get("push").get("artifacts").size(), push.get("alreadyPresent").asInt());
    assertEquals(0, push.get("blobsUploaded").asInt());
    assertEquals(0, push.get("sentBytes").asLong());
    for (JsonNode o : r.get("objects")) {
      assertTrue(
          Set.of("updated", "kept").contains(o.get("action").asText()),
          "a second run " + o.get("action").asText() + " " + o);
    }
    assertTrue(LabInstalls.seconds(r, "push") < 6, "push step " + LabInstalls.seconds(r, "push"));
  }

  @Test
  @Order(7)
  void uninstallLeavesNothingOfAirlocks() throws Exception {
    lab.client().apps().deployments().inNamespace("default").withName("hello").delete();
    long t0 = System.nanoTime();
    LabInstalls.uninstallLeavesNothing(lab);
    System.err.printf(
        "[install-it] uninstall and nothing left after %d ms%n",
        (System.nanoTime() - t0) / 1_000_000);
  }

  /** The digest the bundle holds for an image. */
  private static String timings(JsonNode r) {
    List<String> out = new ArrayList<>();
    r.get("steps").forEach(s -> out.add(s.get("name").asText() + " " + s.get("seconds").asText()));
    return String.join(", ", out);
  }

  static void forgetImages() {
    LabInstalls.forgetImages(lab, SEED, "docker.io/airlock-samples/");
  }
}
