package io.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.airlock.core.archive.Compression;
import io.airlock.core.archive.TarWriter;
import io.airlock.installer.state.InstallState;
import io.airlock.installer.state.StateStore;
import io.airlock.installer.testing.NeedsNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * {@code airlock install --chart} on the test lab's real node: after an install (mode nodeport) and
 * with the report's mirror files in place, the sample's chart {@code hello} becomes a Helm release
 * whose pod runs the bundle's image pulled through the registry in the cluster under its upstream
 * name; an upgrade to a second chart version; a release whose image is not in the bundle fails,
 * shows the pod's events and rolls back; values that break the chart are refused; {@code airlock
 * uninstall --charts} removes the releases and leaves the registry.
 */
@NeedsNode
class ChartsNodeIT extends NodeInstallBase {

  @BeforeAll
  static void installOnce() throws Exception {
    LabInstalls.forgetImages(lab, InstallNodeIT.SEED, "docker.io/airlock-samples/");
    sample = LabInstalls.runnableSample(dir.resolve("bundle"), 1, 64 << 10, 21);
    CliRun first = CliRun.of(LabInstalls.install(lab, sample.path(), dir));
    assertEquals(0, first.exitCode(), first.toString());
    JsonNode report = LabInstalls.latestReport(dir.resolve("reports"));
    LabInstalls.placeMirrorFiles(lab, report, written);
    assertTrue(
        first.out().contains("Next: install the bundle's product with --default-charts"),
        first.out());
  }

  @Test
  @Order(1)
  void theSampleChartRunsItsImageFromTheMirror() throws Exception {
    long t0 = System.nanoTime();
    CliRun run =
        CliRun.of(LabInstalls.install(lab, sample.path(), dir, "--chart", "hello", "--atomic"));
    System.err.printf(
        "[charts-it] install with chart hello %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("Install the charts as Helm releases"), run.out());
    assertTrue(run.out().contains("1/1 ready"), "no pod progress:\n" + run.out());
    assertTrue(run.out().contains("Release: default/hello oci://127.0.0.1:31999/"), run.out());
    Pod pod = runningPod("hello");
    LabInstalls.assertRunsSampleHello(sample, pod);
    InstallState.InstalledRelease r = release("hello");
    assertEquals("deployed", r.status());
    assertEquals("1", r.revision());
    assertEquals("0.1.0", r.version());
    JsonNode report = LabInstalls.latestReport(dir.resolve("reports"));
    assertTrue(LabInstalls.steps(report).contains("charts:done"), report.get("steps").toString());
    JsonNode released = report.get("releases");
    assertEquals(1, released.size(), released.toString());
    assertEquals("hello", released.get(0).get("name").asText());
    assertEquals("0.1.0", released.get(0).get("version").asText());
    assertEquals("deployed", released.get(0).get("status").asText());
    try (var files = Files.list(dir.resolve("reports"))) {
      Path md =
          files
              .filter(p -> p.getFileName().toString().endsWith(".md"))
              .max(java.util.Comparator.comparing(Path::toString))
              .orElseThrow();
      String text = Files.readString(md);
      assertTrue(text.contains("## Helm releases"), text);
      assertTrue(
          text.contains(
              "| default/hello | oci://127.0.0.1:31999/charts/hello:0.1.0 | 1 | deployed |"),
          text);
      // The test placed the mirror files itself: the report still says that is for the person.
      assertTrue(text.contains("copy the files above onto each node"), text);
    }
  }

  @Test
  @Order(2)
  void anUpgradeToASecondChartVersion() throws Exception {
    Path charts = sample.path().resolve("charts");
    Files.write(
        charts.resolve("hello_0.2.0.tgz"),
        secondVersion(Files.readAllBytes(charts.resolve("hello_0.1.0.tgz"))));
    CliRun run =
        CliRun.of(
            LabInstalls.install(lab, sample.path(), dir, "--chart", "hello:0.2.0", "--atomic"));
    assertEquals(0, run.exitCode(), run.toString());
    InstallState.InstalledRelease r = release("hello");
    assertEquals("2", r.revision());
    assertEquals("0.2.0", r.version());
    assertEquals("deployed", r.status());
    Pod pod = runningPod("hello");
    assertEquals("0.2.0", pod.getMetadata().getLabels().get("chart-version"));
  }

  /** An upgrade that fails rolls back to the running revision, and the state says which. */
  @Test
  @Order(3)
  void aFailedUpgradeRollsBackToTheRevisionThatRuns() throws Exception {
    CliRun run = installWithAMissingImage("hello:0.1.0");
    assertEquals(3, run.exitCode(), run.toString());
    assertTrue(run.err().contains("Helm could not install the release default/hello"), run.err());
    assertTrue(run.err().contains("Rolled back as asked: the release is now deployed"), run.err());
    InstallState.InstalledRelease r = release("hello");
    assertEquals("deployed", r.status());
    assertEquals("0.2.0", r.version(), "the state names the version that runs after the rollback");
    assertEquals("4", r.revision(), "revision 3 failed, 4 is the rollback to 2");
    Pod pod = runningPod("hello");
    assertEquals("0.2.0", pod.getMetadata().getLabels().get("chart-version"));
  }

  @Test
  @Order(4)
  void anImageNotInTheBundleFailsWithThePodsEventsAndRollsBack() throws Exception {
    CliRun run = installWithAMissingImage("hello", "--release", "broken");
    assertEquals(3, run.exitCode(), run.toString());
    assertTrue(run.err().contains("Helm could not install the release default/broken"), run.err());
    assertTrue(run.err().contains("Rolled back as asked"), run.err());
    assertTrue(
        run.out().contains("ErrImagePull") || run.out().contains("ImagePullBackOff"),
        "no pull failure among the pods' events:\n" + run);
    assertNull(
        lab.client().apps().deployments().inNamespace("default").withName("broken").get(),
        "the failed first install was not removed:\n" + run);
    assertEquals("uninstalled", release("broken").status());
  }

  @Test
  @Order(5)
  void valuesThatBreakTheChartAreRefused() {
    CliRun run =
        CliRun.of(
            LabInstalls.install(
                lab,
                sample.path(),
                dir,
                "--chart",
                "hello",
                "--release",
                "badvalues",
                "--set",
                "replicas=many",
                "--atomic"));
    assertEquals(2, run.exitCode(), run.toString());
    assertTrue(run.err().contains("the chart hello does not render"), run.err());
    assertNull(
        lab.client().apps().deployments().inNamespace("default").withName("badvalues").get());
  }

  @Test
  @Order(6)
  void uninstallChartsRemovesTheReleasesAndKeepsTheRegistry() throws Exception {
    CliRun run = CliRun.of("uninstall", "--charts", "--kubeconfig", lab.kubeconfig().toString());
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("default/hello"), run.out());
    KubernetesClient c = lab.client();
    assertNull(c.apps().deployments().inNamespace("default").withName("hello").get());
    assertNull(
        c.secrets().inNamespace("default").withLabel("owner", "helm").list().getItems().stream()
            .findFirst()
            .orElse(null));
    assertEquals(List.of(), state().releases());
    assertTrue(
        c.apps().deployments().inNamespace(LabInstalls.NS).withName("airlock-registry").get()
            != null);
  }

  /** The chart with an image the bundle does not hold, rolled back after a short wait. */
  private static CliRun installWithAMissingImage(String chart, String... release) {
    List<String> args = new ArrayList<>(List.of("--chart", chart));
    args.addAll(List.of(release));
    args.addAll(
        List.of(
            "--set",
            "image=docker.io/airlock-samples/missing:9.9.9",
            "--atomic",
            "--chart-timeout",
            "45"));
    return CliRun.of(LabInstalls.install(lab, sample.path(), dir, args.toArray(String[]::new)));
  }

  private static InstallState state() throws Exception {
    return StateStore.read(lab.client(), LabInstalls.NS).orElseThrow();
  }

  private static InstallState.InstalledRelease release(String name) throws Exception {
    return state().releases().stream()
        .filter(r -> r.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no release " + name + " in the state"));
  }

  /** The release's one pod once it runs and is ready (an old one may still be terminating). */
  private static Pod runningPod(String release) throws Exception {
    for (int i = 0; i < 240; i++) {
      List<Pod> pods =
          lab.client().pods().inNamespace("default").withLabel("app", release).list().getItems();
      List<Pod> ready =
          pods.stream()
              .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
              .filter(p -> "Running".equals(p.getStatus().getPhase()))
              .toList();
      if (pods.size() == 1 && ready.size() == 1) {
        return ready.get(0);
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the release's pod is not the only one running after 120 s");
  }

  /** The chart hello as version 0.2.0, its pods labelled with the chart's version. */
  private static byte[] secondVersion(byte[] tgz) throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (InputStream in =
            new TarArchiveInputStream(new GZIPInputStream(new java.io.ByteArrayInputStream(tgz)));
        OutputStream out = TarWriter.compress(buffer, Compression.GZIP);
        TarWriter tar = new TarWriter(out)) {
      TarArchiveInputStream t = (TarArchiveInputStream) in;
      TarArchiveEntry e;
      while ((e = t.getNextEntry()) != null) {
        String text = new String(t.readAllBytes(), StandardCharsets.UTF_8);
        if (e.getName().endsWith("Chart.yaml")) {
          text = text.replace("version: 0.1.0", "version: 0.2.0");
        } else if (e.getName().endsWith("deployment.yaml")) {
          text =
              text.replace(
                  "      labels:\n        app: {{ .Release.Name }}\n    spec:",
                  "      labels:\n        app: {{ .Release.Name }}\n"
                      + "        chart-version: {{ .Chart.Version | quote }}\n    spec:");
        }
        tar.addBytes(e.getName(), text.getBytes(StandardCharsets.UTF_8));
      }
    }
    return buffer.toByteArray();
  }
}
