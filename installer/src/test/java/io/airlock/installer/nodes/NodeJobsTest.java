package io.airlock.installer.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.installer.cluster.KubeConnection;
import io.airlock.installer.mirrors.MirrorFormat;
import io.airlock.installer.mirrors.MirrorTarget;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HostPathVolumeSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The one-shot DaemonSet as Kubernetes receives it (Fabric8's mock server in CRUD mode stands for
 * the API server; the pods' statuses are written as a kubelet would), and how its reports are read.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class NodeJobsTest {

  static final String NS = "airlock-system";
  static final MirrorTarget TARGET =
      new MirrorTarget(
          "127.0.0.1:31999", true, null, false, "", false, List.of("docker.io", "ghcr.io"));

  KubernetesClient client;

  @Test
  void theDaemonSetMountsOnlyTheRuntimesDirectoryAndRunsWithoutCapabilities() {
    NodeFiles files = NodeFiles.of(MirrorFormat.CONTAINERD, TARGET, NodeConsent.defaults());
    assertEquals("/etc/containerd/certs.d", files.root());
    assertEquals(
        List.of("docker.io/hosts.toml", "ghcr.io/hosts.toml"),
        files.files().stream().map(NodeFiles.File::path).toList());
    NodeJob job = NodeJob.apply(NS, "img", files, NodeConsent.defaults(), List.of("a", "b"));
    var spec = job.daemonSet().getSpec().getTemplate().getSpec();
    List<String> hostPaths = new ArrayList<>();
    for (Volume v : spec.getVolumes()) {
      HostPathVolumeSource h = v.getHostPath();
      if (h != null) {
        hostPaths.add(h.getPath() + ":" + h.getType());
      }
    }
    assertEquals(
        List.of("/etc/containerd/certs.d:DirectoryOrCreate", "/etc/containerd:Directory"),
        hostPaths);
    Container work = spec.getInitContainers().get(0);
    assertEquals(List.of("ALL"), work.getSecurityContext().getCapabilities().getDrop());
    assertEquals(false, work.getSecurityContext().getAllowPrivilegeEscalation());
    assertNull(work.getSecurityContext().getPrivileged());
    assertTrue(
        work.getVolumeMounts().stream()
            .filter(m -> !m.getMountPath().equals(NodeJob.TARGET))
            .allMatch(m -> m.getReadOnly()),
        "only the runtime's directory is writable");
    assertEquals(
        List.of("a", "b"),
        spec.getAffinity()
            .getNodeAffinity()
            .getRequiredDuringSchedulingIgnoredDuringExecution()
            .getNodeSelectorTerms()
            .get(0)
            .getMatchFields()
            .get(0)
            .getValues());
    assertTrue(
        work.getArgs().containsAll(List.of("--containerd-config", "/host-containerd/config.toml")));
    assertEquals("Exists", spec.getTolerations().get(0).getOperator());
    assertNull(NodeFiles.of(MirrorFormat.TALOS, TARGET, NodeConsent.defaults()));
    assertEquals(
        "/etc/rancher/k3s", NodeFiles.of(MirrorFormat.K3S, TARGET, NodeConsent.defaults()).root());
  }

  /**
   * Each node's report comes from its init container's termination message; a node stuck on its
   * image pull fails with the kubelet's reason; the DaemonSet and ConfigMap are gone afterwards.
   */
  @Test
  void reportsAreReadPerNodeAndTheJobIsRemoved() throws Exception {
    NodeFiles files = NodeFiles.of(MirrorFormat.K3S, TARGET, NodeConsent.defaults());
    NodeJob job = NodeJob.apply(NS, "img", files, NodeConsent.defaults(), List.of("a", "b"));
    CompletableFuture<List<NodeReport>> reports =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return NodeJobs.run(
                    KubeConnection.of(client),
                    job,
                    List.of("a", "b"),
                    Duration.ofSeconds(30),
                    m -> {});
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    DaemonSet ds = null;
    while (ds == null && System.nanoTime() < deadline) {
      ds = client.apps().daemonSets().inNamespace(NS).withName(job.name()).get();
      Thread.sleep(50);
    }
    assertEquals("registries.yaml", files.files().get(0).path(), "k3s, plain HTTP: no CA file");
    assertEquals(
        1, client.configMaps().inNamespace(NS).withName(job.name()).get().getData().size());
    client.pods().inNamespace(NS).resource(pod("a", true)).create();
    client.pods().inNamespace(NS).resource(pod("b", false)).create();
    List<NodeReport> r = reports.get(30, TimeUnit.SECONDS);
    assertEquals("a", r.get(0).node());
    assertNull(r.get(0).error());
    assertEquals("created", r.get(0).files().get(0).action());
    assertTrue(r.get(0).changed());
    assertEquals("b", r.get(1).node());
    assertTrue(r.get(1).error().startsWith("ImagePullBackOff: "), r.get(1).error());
    assertNull(client.apps().daemonSets().inNamespace(NS).withName(job.name()).get());
    assertNull(client.configMaps().inNamespace(NS).withName(job.name()).get());
  }

  private Pod pod(String node, boolean done) {
    PodBuilder b =
        new PodBuilder()
            .withNewMetadata()
            .withName("nodecfg-" + node)
            .withNamespace(NS)
            .addToLabels("airlock.io/job", "airlock-nodecfg-k3s")
            .endMetadata()
            .withNewSpec()
            .withNodeName(node)
            .endSpec();
    if (done) {
      return b.withNewStatus()
          .addNewInitContainerStatus()
          .withName("nodecfg")
          .withNewState()
          .withNewTerminated()
          .withExitCode(0)
          .withMessage(
              "{\"node\":\""
                  + node
                  + "\",\"root\":\"/etc/rancher/k3s\",\"files\":[{\"path\":\"registries.yaml\",\"action\":\"created\"}]}")
          .endTerminated()
          .endState()
          .endInitContainerStatus()
          .endStatus()
          .build();
    }
    return b.withNewStatus()
        .addNewInitContainerStatus()
        .withName("nodecfg")
        .withNewState()
        .withNewWaiting()
        .withReason("ImagePullBackOff")
        .withMessage("Back-off pulling image \"img\"")
        .endWaiting()
        .endState()
        .endInitContainerStatus()
        .endStatus()
        .build();
  }
}
