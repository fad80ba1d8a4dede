package io.airlock.app.wizard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.airlock.cli.CliRun;
import io.airlock.core.oci.Json;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.sample.SampleBundle;
import io.airlock.core.signing.ThrowawayKey;
import io.airlock.core.testing.Samples;
import io.airlock.core.testing.Skopeo;
import io.airlock.installer.testing.KubeLabExtension;
import io.airlock.installer.testing.NeedsNode;
import io.airlock.installer.testing.NodeLab;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextInputControl;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The wizard on the test lab's real node (headless, Monocle): the probe of the real cluster
 * recommends nodeport (kube-proxy described as kubeadm does) and the Registry page offers it, and
 * the Install page walks the installer's pipeline into the cluster (seed, registry, push through
 * the tunnel, injector removed), each step shown waiting, running, then done; the registry serves
 * every image with the bundle's digest.
 */
@ExtendWith(KubeLabExtension.class)
@NeedsNode
class WizardLabIT extends WizardSteps {

  static final List<String> STEPS =
      List.of(
          "verify",
          "preflight",
          "prepare",
          "seed",
          "registry",
          "push",
          "remove-injector",
          "mirrors",
          "check",
          "state",
          "report");

  @TempDir static Path dir;
  static NodeLab lab;
  static SampleBundle.Result sample;
  static Path key;
  static Stage stage;
  Wizard wizard;

  @BeforeAll
  static void setUp(NodeLab started) throws Exception {
    lab = started;
    sample =
        Samples.write(
            dir.resolve("product-1.2.3.tar"), 2, 64 << 10, SampleBundle.Layout.K0RDENT, 9);
    key = ThrowawayKey.sign(sample.path(), dir.resolve("vendor").toString(), ProgressListener.NONE);
    stage = FxToolkit.registerPrimaryStage();
    describeKubeProxyAsKubeadmDoes();
  }

  /**
   * The lab runs kube-proxy (iptables mode, NodePorts on 127.0.0.1) as a process on its node; a
   * kubeadm cluster shows the same to the API as a DaemonSet's pod in kube-system and its
   * configuration in ConfigMap kube-system/kube-proxy, which is what the probe reads (without them
   * it cannot tell how NodePorts are served, and recommends hostport). This puts both there, as
   * kubeadm writes them: the pod is never scheduled (no node has the label it asks for), the
   * configuration is the lab's.
   */
  static void describeKubeProxyAsKubeadmDoes() {
    var c = lab.client();
    c.configMaps()
        .inNamespace("kube-system")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("kube-proxy")
                .addToLabels("app", "kube-proxy")
                .endMetadata()
                .addToData(
                    "config.conf",
                    "apiVersion: kubeproxy.config.k8s.io/v1alpha1\n"
                        + "kind: KubeProxyConfiguration\n"
                        + "clusterCIDR: "
                        + lab.podCidr()
                        + "\nmode: iptables\n")
                .build())
        .createOr(NonDeletingOperation::update);
    c.pods()
        .inNamespace("kube-system")
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("kube-proxy-" + lab.nodeName())
                .addToLabels("k8s-app", "kube-proxy")
                .endMetadata()
                .withNewSpec()
                .addToNodeSelector("airlock.test/no-such-node", "true")
                .addNewContainer()
                .withName("kube-proxy")
                .withImage("k8s.gcr.io/kube-proxy:v1.20.2")
                .withCommand(
                    "/usr/local/bin/kube-proxy",
                    "--config=/var/lib/kube-proxy/config.conf",
                    "--hostname-override=" + lab.nodeName())
                .endContainer()
                .endSpec()
                .build())
        .createOr(NonDeletingOperation::update);
  }

  @AfterAll
  static void tearDown() throws Exception {
    FxToolkit.cleanupStages();
    if (lab != null) {
      lab.client()
          .pods()
          .inNamespace("kube-system")
          .withName("kube-proxy-" + lab.nodeName())
          .delete();
      lab.client().configMaps().inNamespace("kube-system").withName("kube-proxy").delete();
      CliRun u = CliRun.of("uninstall", "--kubeconfig", lab.kubeconfig().toString());
      assertEquals(0, u.exitCode(), u.toString());
    }
  }

  @Test
  void theInstallPageWalksThePipelineIntoTheCluster() throws Exception {
    WizardOptions options =
        new WizardOptions(dir.resolve("work"), dir.resolve("reports"), 0, false);
    FxToolkit.setupStage(
        s -> {
          wizard = Wizard.show(s, options);
          s.setWidth(1366);
          s.setHeight(768);
        });
    WaitForAsyncUtils.waitForFxEvents();
    next();
    openBundle(sample.path());
    next();
    verify(key);
    assertEquals("Verified", text("#verify-verdict"));
    next();
    probe(lab.kubeconfig());
    next();

    assertTrue(
        text("#registry-recommendation").startsWith("Recommended for this cluster: nodeport."),
        text("#registry-recommendation"));
    RadioButton nodeport = robot.lookup("#registry-nodeport").queryAs(RadioButton.class);
    assertFalse(nodeport.isDisabled());
    assertTrue(nodeport.isSelected());
    // The lab has no storage provisioner: the registry keeps its data in a directory of the node.
    assertTrue(next().isDisabled(), "no storage chosen yet");
    setText("#registry-node-path", dir.resolve("registry-data").toString());
    next();
    assertEquals("Nodes", text("#page-title"));
    next();
    assertTrue(
        robot
            .lookup("#review-cli")
            .queryAs(TextInputControl.class)
            .getText()
            .contains("airlock install "),
        robot.lookup("#review-cli").queryAs(TextInputControl.class).getText());
    // The product chart is ticked by default; the sample's images do not run and nodeport mode
    // here configures no node mirrors, so this walk installs no release and the pipeline has no
    // charts step (ChartsNodeIT installs releases on the lab's node).
    javafx.scene.control.CheckBox product =
        robot.lookup("#review-chart-k0rdent-enterprise").query();
    assertTrue(product.isSelected());
    robot.interact(() -> product.setSelected(false));
    next();

    assertEquals("Install", text("#page-title"));
    Map<String, List<String>> seen = watchSteps();
    assertEquals(STEPS, List.copyOf(copy(seen).keySet()));
    copy(seen).forEach((step, states) -> assertEquals(List.of("waiting"), states, step));
    long t0 = System.nanoTime();
    install(Duration.ofMinutes(6));
    Map<String, List<String>> states = copy(seen);
    System.err.printf(
        "[wizard-lab-it] install %d ms; steps: %s%n", (System.nanoTime() - t0) / 1_000_000, states);
    assertEquals(STEPS, List.copyOf(states.keySet()));
    states.forEach((step, s) -> assertEquals(List.of("waiting", "running", "done"), s, step));
    String log = String.join("\n", robot.lookup("#install-log").<String>queryListView().getItems());
    assertTrue(log.contains("pushing through a tunnel"), log);

    next();
    assertEquals("Done", text("#page-title"));
    assertTrue(text("#done-summary").startsWith("Installed: "), text("#done-summary"));
    JsonNode report = Json.MAPPER.readTree(Path.of(text("#done-report-json")).toFile());
    assertEquals("completed", report.get("outcome").asText());
    assertEquals("nodeport", report.get("mode").get("mode").asText());
    for (SampleBundle.SampleImage image : sample.images()) {
      assertEquals(
          image.digest(),
          Skopeo.digest("docker://127.0.0.1:31999/" + image.ref(), "--tls-verify=false"),
          image.ref());
    }
    FxToolkit.setupFixture(wizard::close);
  }

  /**
   * Records every state each step's line shows from now on, as {@code waiting}, {@code running},
   * {@code done}... (the mark its text starts with). Pressing Install lists the steps anew: each
   * new line starts its step's record again.
   */
  private Map<String, List<String>> watchSteps() throws Exception {
    Map<String, List<String>> seen = new LinkedHashMap<>();
    WaitForAsyncUtils.asyncFx(
            () -> {
              Pane box = (Pane) robot.lookup("#install-step-verify").query().getParent();
              box.getChildren().forEach(n -> watch((Label) n, seen));
              box.getChildren()
                  .addListener(
                      (ListChangeListener<Node>)
                          c -> {
                            while (c.next()) {
                              c.getAddedSubList().forEach(n -> watch((Label) n, seen));
                            }
                          });
            })
        .get();
    return seen;
  }

  private static void watch(Label l, Map<String, List<String>> seen) {
    List<String> states = new ArrayList<>();
    seen.put(l.getId().substring("install-step-".length()), states);
    record(states, l.getText());
    l.textProperty().addListener((o, was, now) -> record(states, now));
  }

  /** Adds the state a step's line shows, when it is a new one (a new line starts empty). */
  private static void record(List<String> states, String text) {
    if (text == null || text.isEmpty()) {
      return;
    }
    String s =
        text.startsWith("[done]")
            ? "done"
            : text.startsWith("[...]")
                ? "running"
                : text.startsWith("[ ]") ? "waiting" : text.substring(1, text.indexOf(']'));
    if (states.isEmpty() || !s.equals(states.get(states.size() - 1))) {
      states.add(s);
    }
  }

  /** What the FX thread recorded, read on the FX thread. */
  private static Map<String, List<String>> copy(Map<String, List<String>> seen) throws Exception {
    return WaitForAsyncUtils.asyncFx(
            () -> {
              Map<String, List<String>> c = new LinkedHashMap<>();
              seen.forEach((k, v) -> c.put(k, List.copyOf(v)));
              return c;
            })
        .get();
  }
}
