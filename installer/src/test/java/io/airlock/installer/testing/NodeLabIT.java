package io.airlock.installer.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.testing.DockerRegistry;
import io.airlock.core.testing.FreePort;
import io.airlock.core.testing.Skopeo;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The self-test of the test lab's IPv4 node: it is Ready, pods run from its imported images with
 * ConfigMap volumes, hostPorts and NodePorts answer on 127.0.0.1, logs and port-forwarding work
 * through kubectl and Fabric8, its containerd pulls through registry configuration a test writes,
 * and it leaves the kernel's settings as it found them.
 */
@ExtendWith(KubeLabExtension.class)
@NeedsNode
class NodeLabIT {

  static final String GREETING = "hello from a ConfigMap volume\n";

  static FreshNode fresh;
  static NodeLab lab;
  static int hostPort;

  @BeforeAll
  static void setUp(KubeLabs labs) {
    fresh = FreshNode.start(labs, NodeLab.Family.IPV4);
    lab = fresh.lab();
    KubernetesClient c = lab.client();
    c.configMaps()
        .inNamespace("default")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("greeting")
                .endMetadata()
                .addToData("greeting", GREETING)
                .build())
        .create();
    hostPort = FreePort.find();
    lab.run(
        lab.labtoolPod("web", "serve", "8080", "/cfg/greeting")
            .editSpec()
            .editFirstContainer()
            .addNewPort()
            .withContainerPort(8080)
            .withHostPort(hostPort)
            .endPort()
            .addNewVolumeMount()
            .withName("cfg")
            .withMountPath("/cfg")
            .endVolumeMount()
            .endContainer()
            .addNewVolume()
            .withName("cfg")
            .withNewConfigMap()
            .withName("greeting")
            .endConfigMap()
            .endVolume()
            .endSpec()
            .build());
  }

  /** After the node's down, every setting of the kernel is as before its up. */
  @AfterAll
  static void tearDown() {
    fresh.stopAndCompareKernel();
  }

  @Test
  void theNodeIsReadyOnTheLabsOwnAddress() {
    fresh.assertReadyOnItsAddress();
    Node node = lab.client().nodes().withName(lab.nodeName()).get();
    assertEquals("v1.20.2", node.getStatus().getNodeInfo().getKubeletVersion());
    assertTrue(
        node.getStatus().getNodeInfo().getContainerRuntimeVersion().startsWith("containerd://"));
    assertEquals(
        List.of(), node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints());
  }

  /**
   * The kubelet would set kernel.panic=10, panic_on_oops=1, overcommit_memory=1; the patch stops
   * it.
   */
  @Test
  void theKubeletLeavesKernelTunablesAlone() {
    KernelSettings now = KernelSettings.read();
    for (String k :
        List.of(
            "kernel.panic", "kernel.panic_on_oops", "vm.overcommit_memory", "vm.panic_on_oom")) {
      assertEquals(fresh.before().values().get(k), now.values().get(k), k);
    }
  }

  @Test
  void aPodFromTheImportedImageServesItsConfigMapOnAHostPortOnLoopback() {
    assertEquals(GREETING, LabHttp.get("http://127.0.0.1:" + hostPort + "/"));
  }

  @Test
  void aNodePortAnswersOnLoopback() {
    Service svc =
        lab.client()
            .services()
            .inNamespace("default")
            .resource(
                new ServiceBuilder()
                    .withNewMetadata()
                    .withName("web")
                    .endMetadata()
                    .withNewSpec()
                    .withType("NodePort")
                    .addToSelector("app", "web")
                    .addNewPort()
                    .withPort(80)
                    .withNewTargetPort(8080)
                    .endPort()
                    .endSpec()
                    .build())
            .create();
    int nodePort = svc.getSpec().getPorts().get(0).getNodePort();
    assertEquals(GREETING, LabHttp.get("http://127.0.0.1:" + nodePort + "/"));
  }

  @Test
  void logsComeThroughKubectlAndFabric8() {
    String line = "labtool: serving /cfg/greeting on 8080";
    assertTrue(lab.kubectl("logs", "web").contains(line));
    assertTrue(lab.client().pods().inNamespace("default").withName("web").getLog().contains(line));
  }

  @Test
  void aPortForwardThroughFabric8ReachesThePod() throws Exception {
    try (LocalPortForward pf =
        lab.client().pods().inNamespace("default").withName("web").portForward(8080)) {
      assertEquals(GREETING, LabHttp.get("http://127.0.0.1:" + pf.getLocalPort() + "/"));
    }
  }

  /**
   * A registry host configured in the node's {@code config_path}, as {@code airlock mirrors} writes
   * it, is used by the next pull: an image name that resolves nowhere is pulled from a registry on
   * 127.0.0.1.
   */
  @Test
  void theNodePullsThroughRegistryConfigurationATestWrites() throws Exception {
    try (DockerRegistry registry = DockerRegistry.start()) {
      Skopeo.copy(
          "oci-archive:" + lab.labtoolArchive(),
          "docker://" + registry.host() + "/lab/labtool:1",
          "--dest-tls-verify=false");
      Path hosts = lab.registryHostsDir().resolve("registry.lab.test/hosts.toml");
      Files.createDirectories(hosts.getParent());
      Files.writeString(
          hosts,
          "server = \"https://registry.lab.test\"\n\n[host.\"http://"
              + registry.host()
              + "\"]\n  capabilities = [\"pull\", \"resolve\"]\n");
      lab.run(
          lab.labtoolPod("pulled", "sleep")
              .editSpec()
              .editFirstContainer()
              .withImage("registry.lab.test/lab/labtool:1")
              .withImagePullPolicy("Always")
              .endContainer()
              .endSpec()
              .build());
      assertTrue(
          lab.ctr("images", "ls", "-q")
              .lines()
              .anyMatch("registry.lab.test/lab/labtool:1"::equals));
    }
  }
}
