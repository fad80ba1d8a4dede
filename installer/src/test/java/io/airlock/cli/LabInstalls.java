package io.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.airlock.core.digest.Digest;
import io.airlock.core.oci.Json;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.sample.SampleBundle;
import io.airlock.core.testing.Skopeo;
import io.airlock.installer.testing.KubeLab;
import io.airlock.installer.testing.NodeLab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the tests of {@code airlock install} on the test lab share: the sample bundle, the command
 * line, the latest report, and the check that nothing of Airlock's is left in the cluster.
 */
final class LabInstalls {

  static final String NS = "airlock-system";
  static final String MANAGED = "app.kubernetes.io/managed-by=airlock";
  static final String HELLO = "docker.io/airlock-samples/hello:1.0.0";

  private LabInstalls() {}

  /** A sample bundle with the runnable image (docker.io/airlock-samples/hello:1.0.0). */
  static SampleBundle.Result runnableSample(Path out, int images, long layerBytes, long seed)
      throws Exception {
    return SampleBundleCommand.sample(
            new SampleBundle.Options(images, layerBytes, SampleBundle.Layout.K0RDENT, seed),
            ProgressListener.NONE,
            true)
        .write(out);
  }

  /**
   * {@code airlock install BUNDLE} in mode nodeport on the lab, unverified on purpose, with the
   * work, report and registry data directories under {@code dir} (the lab has no storage
   * provisioner: the registry keeps its data in a directory of the node).
   */
  static String[] install(KubeLab lab, Path bundle, Path dir, String... more) {
    return installIn("nodeport", lab, bundle, dir, more);
  }

  /**
   * The options that let {@code install} configure the lab node: consent, and where the node's
   * containerd keeps its configuration and its registry hosts directory.
   */
  static String[] configureNodes(NodeLab lab) {
    Path hosts = lab.registryHostsDir();
    return new String[] {
      "--configure-nodes",
      "--containerd-config",
      hosts.getParent().resolve("containerd/config.toml").toString(),
      "--containerd-hosts-dir",
      hosts.toString()
    };
  }

  /** {@code airlock install BUNDLE} as {@link #install}, in {@code mode}. */
  static String[] installIn(String mode, KubeLab lab, Path bundle, Path dir, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "install",
                bundle.toString(),
                "--insecure-skip-verify",
                "--mode",
                mode,
                "--kubeconfig",
                lab.kubeconfig().toString(),
                "--work-dir",
                dir.resolve("work").toString(),
                "--report-dir",
                dir.resolve("reports").toString(),
                "--storage-node-path",
                dir.resolve("registry-data").toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  static String[] uninstall(KubeLab lab) {
    return new String[] {"uninstall", "--kubeconfig", lab.kubeconfig().toString()};
  }

  /** The digest of image {@code ref} of the sample. */
  static String digestOf(SampleBundle.Result sample, String ref) {
    return sample.images().stream()
        .filter(i -> i.ref().equals(ref))
        .findFirst()
        .orElseThrow()
        .digest()
        .toString();
  }

  /** The pod's container runs the sample's {@link #HELLO}, known by its upstream name. */
  static void assertRunsSampleHello(
      SampleBundle.Result sample, io.fabric8.kubernetes.api.model.Pod pod) {
    assertEquals(
        "docker.io/airlock-samples/hello@" + digestOf(sample, HELLO),
        pod.getStatus().getContainerStatuses().get(0).getImageID());
  }

  /** {@code airlock uninstall} succeeds and nothing of Airlock's is left in the cluster. */
  static void uninstallLeavesNothing(KubeLab lab) throws InterruptedException {
    CliRun u = CliRun.of(uninstall(lab));
    assertEquals(0, u.exitCode(), u.toString());
    awaitNothingLeft(lab);
  }

  /** The newest JSON report in {@code reports}. */
  static JsonNode latestReport(Path reports) throws IOException {
    try (Stream<Path> files = Files.list(reports)) {
      Path json =
          files
              .filter(p -> p.getFileName().toString().endsWith(".json"))
              .max(Comparator.comparing(Path::toString))
              .orElseThrow(() -> new AssertionError("no JSON report in " + reports));
      return Json.MAPPER.readTree(json.toFile());
    }
  }

  /**
   * Every image and chart the report says was pushed is served by the nodes' endpoint {@code
   * 127.0.0.1:31999} with the report's digest (skopeo reads it); returns their names.
   */
  static List<String> assertEveryArtifactServed(JsonNode report) {
    List<String> checked = new ArrayList<>();
    for (JsonNode a : report.get("push").get("artifacts")) {
      String target = a.get("target").asText();
      String path = target.substring(target.indexOf('/') + 1);
      Digest served = Skopeo.digest("docker://127.0.0.1:31999/" + path, "--tls-verify=false");
      assertEquals(a.get("digest").asText(), served.toString(), path);
      checked.add(a.get("name").asText());
    }
    return checked;
  }

  /**
   * Removes from the node the images whose names start with one of {@code prefixes} (what an
   * earlier class may have left: the registry image, the sample), so each is pulled, not found:
   * every name of the same image goes, its ID too.
   */
  static void forgetImages(NodeLab lab, String... prefixes) {
    List<String[]> rows =
        lab.ctr("images", "ls").lines().skip(1).map(l -> l.split("\\s+")).toList();
    java.util.Set<String> ours =
        java.util.Set.copyOf(
            rows.stream()
                .filter(r -> java.util.Arrays.stream(prefixes).anyMatch(r[0]::startsWith))
                .map(r -> r[2])
                .toList());
    List<String> refs = rows.stream().filter(r -> ours.contains(r[2])).map(r -> r[0]).toList();
    if (!refs.isEmpty()) {
      List<String> cmd = new ArrayList<>(List.of("images", "rm"));
      cmd.addAll(refs);
      lab.ctr(cmd.toArray(String[]::new));
    }
  }

  /**
   * The report's mirror files where the lab node's containerd reads them, as an operator puts them;
   * each file written is added to {@code written} (for the test's cleanup).
   */
  static void placeMirrorFiles(NodeLab lab, JsonNode report, List<Path> written)
      throws IOException {
    for (JsonNode format : report.get("mirrors")) {
      assertEquals("containerd", format.get("format").asText());
      for (JsonNode f : format.get("files")) {
        String nodePath = f.get("nodePath").asText();
        String prefix = "/etc/containerd/certs.d/";
        if (!nodePath.startsWith(prefix)) {
          throw new AssertionError("not under " + prefix + ": " + nodePath);
        }
        Path p = lab.registryHostsDir().resolve(nodePath.substring(prefix.length()));
        Files.createDirectories(p.getParent());
        Files.writeString(p, f.get("content").asText());
        written.add(p);
      }
    }
  }

  /** A Deployment {@code name} of one pod running {@code image}, pulled on every start. */
  static io.fabric8.kubernetes.api.model.apps.Deployment deployment(String name, String image) {
    return new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(name)
        .withImage(image)
        .withImagePullPolicy("Always")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** The report's steps as {@code name:status}. */
  static List<String> steps(JsonNode report) {
    List<String> steps = new ArrayList<>();
    report
        .get("steps")
        .forEach(s -> steps.add(s.get("name").asText() + ":" + s.get("status").asText()));
    return steps;
  }

  /** How long a step of the report took, in seconds. */
  static double seconds(JsonNode report, String step) {
    for (JsonNode s : report.get("steps")) {
      if (s.get("name").asText().equals(step)) {
        return s.get("seconds").asDouble();
      }
    }
    throw new AssertionError("no step " + step + " in " + report.get("steps"));
  }

  /**
   * Every object of every kind the API server lists (namespaced or not) that carries Airlock's
   * label, as {@code kind/name} lines; empty when there is none.
   */
  static String labelled(KubeLab lab) {
    String kinds =
        String.join(
            ",", lab.kubectl("api-resources", "--verbs=list", "-o", "name").lines().toList());
    return lab.kubectl("get", kinds, "--all-namespaces", "-l", MANAGED, "-o", "name").strip();
  }

  /**
   * Waits until nothing with Airlock's label is left and the namespace is gone (the namespace
   * controller finishes a deleted namespace); fails naming what is still there.
   */
  static void awaitNothingLeft(KubeLab lab) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    String left = "";
    while (Instant.now().isBefore(deadline)) {
      left = labelled(lab);
      if (left.isEmpty() && lab.client().namespaces().withName(NS).get() == null) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "90 s after the uninstall, still there with " + MANAGED + ":\n" + left);
  }

  /** The seed's payload ConfigMaps in the cluster (their names: a list that reads in a failure). */
  static List<String> seedPayload(KubeLab lab) {
    return lab
        .client()
        .configMaps()
        .inNamespace(NS)
        .withLabel("app.kubernetes.io/component", "seed-payload")
        .list()
        .getItems()
        .stream()
        .map(m -> m.getMetadata().getName())
        .toList();
  }

  /**
   * Leaves the lab as it was for the classes after this one: Deployment {@code default/hello} and
   * the files {@code written} on the node gone, Airlock uninstalled if its state is there; nothing
   * when the lab never started ({@code lab} null).
   */
  static void cleanUp(KubeLab lab, List<Path> written) throws Exception {
    if (lab == null) {
      return;
    }
    lab.client().apps().deployments().inNamespace("default").withName("hello").delete();
    for (Path p : written) {
      Files.deleteIfExists(p);
    }
    if (lab.client().secrets().inNamespace(NS).withName("airlock-state").get() != null) {
      CliRun.of(LabInstalls.uninstall(lab));
    }
  }

  /**
   * Creates Deployment {@code default/hello} of {@code image} (pulled every time) and waits until
   * it is Ready; returns its pod.
   */
  static io.fabric8.kubernetes.api.model.Pod runHello(KubeLab lab, String image) {
    io.fabric8.kubernetes.client.KubernetesClient c = lab.client();
    c.apps().deployments().inNamespace("default").resource(deployment("hello", image)).create();
    c.apps()
        .deployments()
        .inNamespace("default")
        .withName("hello")
        .waitUntilCondition(
            d ->
                d.getStatus() != null
                    && d.getStatus().getReadyReplicas() != null
                    && d.getStatus().getReadyReplicas() == 1,
            120,
            java.util.concurrent.TimeUnit.SECONDS);
    // The Ready one: a pod of an earlier test's "hello" may still be going away.
    return c.pods().inNamespace("default").withLabel("app", "hello").list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(
            p ->
                p.getStatus().getConditions().stream()
                    .anyMatch(k -> k.getType().equals("Ready") && k.getStatus().equals("True")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Ready pod of Deployment default/hello"));
  }
}
