package io.airlock.app.wizard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.airlock.core.oci.Json;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.sample.SampleBundle;
import io.airlock.core.signing.ThrowawayKey;
import io.airlock.core.testing.DockerRegistry;
import io.airlock.core.testing.FaultProxy;
import io.airlock.core.testing.FreePort;
import io.airlock.core.testing.Samples;
import io.airlock.core.testing.Skopeo;
import io.airlock.installer.testing.FakeCluster;
import io.airlock.installer.testing.Kubeconfigs;
import io.airlock.installer.testing.ProxyPods;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputControl;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Drives the wizard as a person would, headless (Monocle), against real parts: a sample bundle
 * signed with a throwaway key and really verified, a cluster on Fabric8's mock server, Debian's
 * docker-registry as the external registry and the embedded registry without a cluster. Takes the
 * screenshots of every page on the way (for docs/screenshots). One JavaFX start for the class; each
 * test puts a fresh wizard into the same window.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class WizardFlowTest extends WizardSteps {

  @TempDir static Path dir;
  static KubernetesMockServer server;
  static KubernetesClient client;
  static Stage stage;
  static Path bundle;
  static SampleBundle.Result sample;
  static Path key;
  static Path badBundle;
  static Path kubeconfig;
  static DockerRegistry registry;
  static int run;

  Wizard wizard;

  @BeforeAll
  static void setUp() throws Exception {
    sample =
        Samples.write(
            dir.resolve("product-1.2.3.tar"), 3, 64 << 10, SampleBundle.Layout.K0RDENT, 7);
    bundle = sample.path();
    key = ThrowawayKey.sign(bundle, dir.resolve("vendor").toString(), ProgressListener.NONE);
    // The same bytes signed by someone else: the vendor's key must refuse it.
    Path other = Files.createDirectories(dir.resolve("tampered"));
    badBundle = Files.copy(bundle, other.resolve("product-1.2.3.tar"));
    ThrowawayKey.sign(badBundle, other.resolve("mallory").toString(), ProgressListener.NONE);
    FakeCluster.load(server, client, "k3s");
    kubeconfig = Kubeconfigs.write(dir, client.getConfiguration().getMasterUrl(), "lab-k3s", null);
    registry = DockerRegistry.start();
    stage = FxToolkit.registerPrimaryStage();
  }

  @org.junit.jupiter.api.AfterAll
  static void tearDown() throws Exception {
    if (registry != null) {
      registry.close();
    }
    FxToolkit.cleanupStages();
  }

  void start(boolean dark) throws Exception {
    run++;
    WizardOptions options =
        new WizardOptions(dir.resolve("work-" + run), dir.resolve("reports-" + run), 0, dark);
    FxToolkit.setupStage(
        s -> {
          wizard = Wizard.show(s, options);
          s.setWidth(1366);
          s.setHeight(768);
        });
    WaitForAsyncUtils.waitForFxEvents();
  }

  @AfterEach
  void closeWizard() throws Exception {
    if (wizard != null) {
      Wizard w = wizard;
      FxToolkit.setupFixture(w::close);
    }
  }

  @Test
  void externalRegistryForAClusterFromWelcomeToDone() throws Exception {
    start(false);
    assertEquals("Welcome", text("#page-title"));
    shot("1-welcome");
    next();

    openBundle(bundle);
    assertEquals("Bundle", text("#page-title"));
    assertTrue(
        text("#bundle-content").startsWith(sample.images().size() + " images, "),
        text("#bundle-content"));
    assertEquals(
        sample.images().size(),
        robot.lookup("#bundle-images").queryAs(TableView.class).getItems().size());
    assertTrue(text("#bundle-version").contains("1.2.3"), text("#bundle-version"));
    shot("2-bundle");
    next();

    verify(key);
    assertEquals("Verified", text("#verify-verdict"));
    assertTrue(
        text("#verify-signature-file").endsWith("product-1.2.3.tar.sig"),
        text("#verify-signature-file"));
    assertTrue(
        text("#verify-fingerprint").startsWith("Fingerprint  "), text("#verify-fingerprint"));
    assertTrue(text("#verify-key").contains("vendor.pub"), text("#verify-key"));
    shot("3-verify");
    next();

    probe(kubeconfig);
    assertTrue(text("#cluster-distro").startsWith("k3s"), text("#cluster-distro"));
    assertTrue(text("#cluster-version").startsWith("v1."), text("#cluster-version"));
    assertEquals("All permissions Airlock needs are granted.", text("#cluster-missing"));
    shot("4-cluster");
    // Going back keeps every step's results: back to Bundle and forward again.
    robot.clickOn("#back");
    robot.clickOn("#back");
    assertEquals("Bundle", text("#page-title"));
    assertTrue(text("#bundle-content").startsWith(sample.images().size() + " images, "));
    robot.clickOn("#next");
    assertEquals("Verified", text("#verify-verdict"));
    robot.clickOn("#next");
    assertTrue(text("#cluster-distro").startsWith("k3s"), text("#cluster-distro"));
    next();

    assertEquals("Registry", text("#page-title"));
    assertTrue(
        text("#registry-recommendation").startsWith("Recommended for this cluster: nodeport."),
        text("#registry-recommendation"));
    // The recommended in-cluster mode is offered and chosen; another in-cluster mode is not.
    assertFalse(robot.lookup("#registry-nodeport").query().isDisabled());
    assertTrue(
        ((javafx.scene.control.RadioButton) robot.lookup("#registry-nodeport").query())
            .isSelected());
    assertTrue(robot.lookup("#registry-hostport").query().isDisabled());
    assertTrue(robot.lookup("#registry-embedded").query().isDisabled());
    robot.clickOn("#registry-external");
    assertTrue(next().isDisabled(), "no address yet");
    robot.interact(
        () -> {
          ((TextInputControl) robot.lookup("#registry-url").query())
              .setText(registry.host() + "/site");
          ((CheckBox) robot.lookup("#registry-plain-http").query()).setSelected(true);
        });
    shot("5-registry");
    next();

    assertEquals("Nodes", text("#page-title"));
    waitFor(() -> !((TextInputControl) robot.lookup("#nodes-config").query()).getText().isEmpty());
    assertEquals(2, robot.lookup("#nodes-table").queryAs(TableView.class).getItems().size());
    String config = ((TextInputControl) robot.lookup("#nodes-config").query()).getText();
    assertTrue(config.contains("/etc/rancher/k3s/registries.yaml"), config);
    assertTrue(config.contains("http://" + registry.host()), config);
    assertFalse(
        ((CheckBox) robot.lookup("#nodes-configure").query()).isSelected(),
        "nodes are configured only with the person's consent");
    shot("6-nodes");
    next();

    String plan = ((TextInputControl) robot.lookup("#review-plan").query()).getText();
    String firstImage = sample.images().get(0).ref();
    assertTrue(plan.contains(registry.host() + "/site/" + firstImage), plan);
    assertTrue(
        ((TextInputControl) robot.lookup("#review-cli").query())
            .getText()
            .contains(
                "airlock push "
                    + bundle
                    + " --registry "
                    + registry.host()
                    + "/site --plain-http"));
    // The bundle's product chart is ticked by default and in the plan; the mock API server runs
    // no Helm release, so this walk installs none (ChartsNodeIT installs them on the lab's node).
    javafx.scene.control.CheckBox product =
        robot.lookup("#review-chart-k0rdent-enterprise").query();
    assertTrue(product.isSelected());
    assertTrue(plan.contains("k0rdent-enterprise -> release default/k0rdent-enterprise"), plan);
    shot("7-review");
    robot.interact(() -> product.setSelected(false));
    assertTrue(
        ((TextInputControl) robot.lookup("#review-plan").query())
            .getText()
            .contains("Charts      none installed as releases"));
    next();

    assertEquals("Install", text("#page-title"));
    // Before anything runs: what will be pushed, all waiting; and a page that repaints only what
    // changes (a cached scroll viewport would redraw the whole page on every progress update).
    TableView<?> table = robot.lookup("#install-artifacts").queryTableView();
    assertEquals(sample.images().size() + sample.charts().size(), table.getItems().size());
    assertTrue(
        table.getItems().stream()
            .allMatch(r -> ((InstallPage.Row) r).status.get().equals("waiting")));
    assertTrue(rows(table).stream().allMatch(r -> r.progress.get() == 0), "empty bars");
    assertFalse(robot.lookup(".page-scroll .viewport").query().isCache());
    long started = System.nanoTime();
    install();
    double seconds = (System.nanoTime() - started) / 1e9;
    // Every row's own bar is full, and a bar shows in each row of the table.
    for (InstallPage.Row r : rows(table)) {
      assertEquals(1.0, r.progress.get(), r.name + " " + r.status.get());
    }
    assertFalse(robot.lookup("#install-artifacts .progress-bar").queryAll().isEmpty());
    assertTrue(text("#install-step-push").startsWith("[done]"), text("#install-step-push"));
    assertTrue(text("#install-step-report").startsWith("[done]"), text("#install-step-report"));
    assertTrue(
        String.join("\n", robot.lookup("#install-log").<String>queryListView().getItems())
            .contains("pushed " + registry.host() + "/site/"));
    shot("8-install");
    robot.clickOn("#next");
    WaitForAsyncUtils.waitForFxEvents();

    assertEquals("Done", text("#page-title"));
    assertTrue(text("#done-summary").startsWith("Installed: "), text("#done-summary"));
    waitFor(() -> !((TextInputControl) robot.lookup("#done-report").query()).getText().isEmpty());
    Path json = Path.of(text("#done-report-json"));
    JsonNode report = Json.MAPPER.readTree(json.toFile());
    assertEquals("completed", report.get("outcome").asText());
    assertEquals("passed", report.get("verification").get("verdict").asText());
    assertEquals("k3s", report.get("cluster").get("distro").asText());
    assertEquals("none", text("#done-releases"));
    assertTrue(Files.isRegularFile(Path.of(text("#done-report-markdown"))));
    assertTrue(Files.isDirectory(Path.of(text("#done-mirrors")).resolve("k3s")));
    assertFalse(robot.lookup("#done-nodes").query().isVisible(), "no node proxies here");
    shot("9-done");

    // The registry holds every image with the digest the bundle recorded.
    for (SampleBundle.SampleImage image : sample.images()) {
      assertEquals(
          image.digest(),
          Skopeo.digest(
              "docker://" + registry.host() + "/site/" + image.ref(), "--tls-verify=false"),
          image.ref());
    }
    assertTrue(seconds < 60, "took " + seconds + " s");
  }

  @Test
  void embeddedRegistryWithoutAClusterEndToEnd() throws Exception {
    start(true);
    toRegistryWithoutCluster();
    assertTrue(
        ((javafx.scene.control.RadioButton) robot.lookup("#registry-embedded").query())
            .isSelected());
    assertTrue(robot.lookup("#registry-nodeport").query().isDisabled());
    next();
    next();
    next();
    install();
    assertTrue(
        text("#install-step-embedded-registry").startsWith("[done]"),
        text("#install-step-embedded-registry"));
    shot("dark-install");
    robot.clickOn("#next");
    WaitForAsyncUtils.waitForFxEvents();
    assertTrue(text("#done-summary").startsWith("Installed: "), text("#done-summary"));
    String host = wizardHost();
    for (SampleBundle.SampleImage image : sample.images()) {
      assertEquals(
          image.digest(),
          Skopeo.digest("docker://" + host + "/" + image.ref(), "--tls-verify=false"),
          image.ref());
    }
  }

  /**
   * After an install in a proxy mode the Nodes page tells each node's proxy as the cluster has it:
   * Ready, not ready with the container's reason, or missing (here the pods are written into the
   * mock API server as the kubelets of the fixture's two nodes would).
   */
  @Test
  void theNodesPageShowsEachNodesProxy() throws Exception {
    String ns = "airlock-proxies";
    client.apps().daemonSets().inNamespace(ns).resource(ProxyPods.daemonSet(ns)).create();
    client.pods().inNamespace(ns).resource(ProxyPods.ready(ns, "proxy-a", "k3s-server-1")).create();
    client
        .pods()
        .inNamespace(ns)
        .resource(ProxyPods.waiting(ns, "proxy-b", "k3s-agent-1", "ImagePullBackOff"))
        .create();
    try {
      start(false);
      toCluster();
      setText("#cluster-namespace", ns);
      probe(kubeconfig);
      next();
      // The fixture's cluster is recommended nodeport; the proxy modes' page is the same for both.
      robot.interact(
          () -> {
            wizard.state().registry.set(RegistryChoice.HOSTPORT);
            wizard.goTo(5);
          });
      assertEquals("Nodes", text("#page-title"));
      waitFor(() -> text("#nodes-proxies").startsWith("Node proxies: 1 of 2"));
      TableView<?> table = robot.lookup("#nodes-table").queryTableView();
      assertEquals(List.of("Ready", "not ready (ImagePullBackOff)"), proxyColumn(table));
      shot("6-nodes-proxies");

      client.pods().inNamespace(ns).withName("proxy-b").delete();
      robot.clickOn("#nodes-proxies-refresh");
      waitFor(() -> proxyColumn(table).equals(List.of("Ready", "missing")));
      assertTrue(text("#nodes-proxies").startsWith("Node proxies: 1 of 2"));
    } finally {
      client.apps().daemonSets().inNamespace(ns).resource(ProxyPods.daemonSet(ns)).delete();
      client.pods().inNamespace(ns).delete();
    }
  }

  private static List<String> proxyColumn(TableView<?> table) {
    var column =
        table.getColumns().stream().filter(c -> c.getText().equals("Proxy")).findFirst().get();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < table.getItems().size(); i++) {
      out.add(String.valueOf(column.getCellData(i)));
    }
    return out;
  }

  @Test
  void theAotTrainingRunWalksFromWelcomeToDone() throws Exception {
    // The build trains ./airlock gui's AOT cache with this walk: it must keep up with the pages.
    start(false);
    TrainingRun.walk(stage.getScene(), bundle, key);
    assertEquals("Done", text("#page-title"));
    assertTrue(text("#done-summary").startsWith("Installed: "), text("#done-summary"));
  }

  @Test
  void cancelIsSafeAndResumeFinishesThePush() throws Exception {
    try (DockerRegistry target = DockerRegistry.start();
        FaultProxy proxy = FaultProxy.start(target.port())) {
      // Every manifest waits at the proxy: the push is surely running when Cancel is pressed, and
      // no artifact can finish, so any row at "manifests" is one whose manifest is held.
      FaultProxy.Rule held = proxy.add(FaultProxy.hold("PUT", "/manifests/", Integer.MAX_VALUE));
      start(false);
      toRegistryWithoutCluster();
      robot.clickOn("#registry-external");
      robot.interact(
          () -> {
            ((TextInputControl) robot.lookup("#registry-url").query()).setText(proxy.host());
            ((CheckBox) robot.lookup("#registry-plain-http").query()).setSelected(true);
          });
      next();
      next();
      next();
      robot.clickOn("#install-start");
      assertTrue(held.awaitHeld(30), "the push reached the manifests");
      // A held artifact's bar shows its blobs sent and stops short of full: its manifest waits.
      TableView<?> table = robot.lookup("#install-artifacts").queryTableView();
      waitFor(
          () ->
              rows(table).stream()
                  .anyMatch(r -> r.status.get().equals("manifests") && r.progress.get() > 0));
      for (InstallPage.Row waiting : rows(table)) {
        if (waiting.status.get().equals("manifests")) {
          assertTrue(waiting.progress.get() < 1, waiting.name + " at " + waiting.progress.get());
        }
      }
      robot.clickOn("#install-cancel");
      waitFor(() -> !text("#install-error-message").isEmpty());
      proxy.clearRules(); // closes the held manifests' connections
      assertEquals(
          "Cancelled; nothing half-written was left behind.", text("#install-error-message"));
      assertTrue(text("#install-step-push").startsWith("[cancelled]"), text("#install-step-push"));
      assertTrue(robot.lookup("#next").query().isDisabled());
      assertEquals("Resume", ((Labeled) robot.lookup("#install-start").query()).getText());

      install();
      for (SampleBundle.SampleImage image : sample.images()) {
        assertEquals(
            image.digest(),
            Skopeo.digest("docker://" + target.host() + "/" + image.ref(), "--tls-verify=false"),
            image.ref());
      }
      // The cancelled run left its report too.
      try (var reports = Files.list(dir.resolve("reports-" + run))) {
        List<String> outcomes = new ArrayList<>();
        for (Path p : reports.filter(p -> p.toString().endsWith(".json")).toList()) {
          outcomes.add(Json.MAPPER.readTree(p.toFile()).get("outcome").asText());
        }
        assertTrue(outcomes.contains("cancelled"), outcomes.toString());
        assertTrue(outcomes.contains("completed"), outcomes.toString());
      }
    }
  }

  @Test
  void aBadSignatureStopsAtVerify() throws Exception {
    start(false);
    next();
    openBundle(badBundle);
    next();
    verify(key);
    assertEquals("Verification FAILED", text("#verify-verdict"));
    String message = text("#verify-error-message");
    assertTrue(
        message.startsWith(
                "Signature check failed: " + badBundle + ".sig does not verify " + badBundle)
            && message.contains("signed with another key than vendor.pub"),
        message);
    assertTrue(
        text("#verify-error-hint").startsWith("What to do: Do not install it."),
        text("#verify-error-hint"));
    assertTrue(robot.lookup("#next").query().isDisabled());
    shot("verify-failed");
  }

  @Test
  void anUnreachableClusterStopsAtCluster() throws Exception {
    int port = FreePort.find();
    Path nowhere =
        Kubeconfigs.write(
            Files.createDirectories(dir.resolve("nowhere")),
            "http://127.0.0.1:" + port,
            "gone",
            null);
    start(false);
    toCluster();
    setText("#cluster-kubeconfig", nowhere.toString());
    waitFor(
        () -> "gone".equals(((ComboBox<?>) robot.lookup("#cluster-context").query()).getValue()));
    robot.clickOn("#cluster-probe");
    waitFor(() -> !text("#cluster-error-message").isEmpty());
    assertTrue(
        text("#cluster-error-message")
            .startsWith("Cannot reach the Kubernetes API server at http://127.0.0.1:" + port),
        text("#cluster-error-message"));
    assertTrue(robot.lookup("#next").query().isDisabled());
  }

  @Test
  void progressReachesTheWindowAtMostFourTimesASecond() throws Exception {
    java.util.concurrent.atomic.AtomicInteger shown =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicReference<ProgressCoalescer.Batch> last =
        new java.util.concurrent.atomic.AtomicReference<>();
    ProgressCoalescer coalescer =
        new ProgressCoalescer(
            b -> {
              shown.incrementAndGet();
              last.set(b);
            });
    robot.interact(coalescer::start);
    long started = System.nanoTime();
    long events = 0;
    // A push at full speed: a totals event every few microseconds for 1.5 s.
    while (System.nanoTime() - started < 1_500_000_000L) {
      coalescer.onEvent(
          new io.airlock.core.push.PushEvent.Totals(events, 1L << 40, events, 1e9, 10, 0, 1));
      events++;
    }
    robot.interact(coalescer::stop);
    double seconds = (System.nanoTime() - started) / 1e9;
    assertTrue(events > 10_000, "events: " + events);
    assertTrue(shown.get() >= 3, "batches: " + shown.get());
    assertTrue(
        shown.get() <= Math.ceil(seconds * 4) + 2, shown.get() + " batches in " + seconds + " s");
    assertEquals(
        events - 1, last.get().totals().doneBytes(), "the last batch has the latest totals");
  }

  // --- steps a person takes here

  /** From Welcome through Bundle and Verify to the Cluster page. */
  private void toCluster() {
    next();
    openBundle(bundle);
    next();
    verify(key);
    next();
  }

  /** From Welcome through Bundle and Verify, "no cluster", to the Registry page. */
  private void toRegistryWithoutCluster() {
    toCluster();
    robot.clickOn("#cluster-none");
    next();
  }

  private static List<InstallPage.Row> rows(TableView<?> table) {
    return table.getItems().stream().map(r -> (InstallPage.Row) r).toList();
  }

  private String wizardHost() {
    String summary = text("#done-summary");
    int in = summary.indexOf(" in ") + 4;
    return summary.substring(in, summary.indexOf(' ', in));
  }

  /** Saves the window as NAME.png in the directory the build names (airlock.screenshots). */
  private static void shot(String name) throws Exception {
    String out = System.getProperty("airlock.screenshots");
    if (out == null) {
      return;
    }
    WaitForAsyncUtils.waitForFxEvents();
    WritableImage image = WaitForAsyncUtils.asyncFx(() -> stage.getScene().snapshot(null)).get();
    BufferedImage argb = SwingFXUtils.fromFXImage(image, null);
    BufferedImage rgb =
        new BufferedImage(argb.getWidth(), argb.getHeight(), BufferedImage.TYPE_INT_RGB);
    rgb.getGraphics().drawImage(argb, 0, 0, null);
    Path dir = Files.createDirectories(Path.of(out));
    ImageIO.write(rgb, "png", dir.resolve(name + ".png").toFile());
  }
}
