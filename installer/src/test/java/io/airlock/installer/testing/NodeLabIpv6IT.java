package io.airlock.installer.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.testing.FreePort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The self-test of the test lab's IPv6-only node: Ready on an IPv6 address of its own, pods get
 * IPv6 addresses only, a host-network pod answers on [::1] (where the {@code hostnetwork} mode puts
 * a registry), and the kernel's settings are as before once it is down.
 */
@ExtendWith(KubeLabExtension.class)
@NeedsNode(NodeLab.Family.IPV6)
class NodeLabIpv6IT {

  static FreshNode fresh;
  static NodeLab lab;

  @BeforeAll
  static void setUp(KubeLabs labs) {
    fresh = FreshNode.start(labs, NodeLab.Family.IPV6);
    lab = fresh.lab();
  }

  @AfterAll
  static void tearDown() {
    fresh.stopAndCompareKernel();
  }

  @Test
  void theNodeIsReadyOnAnIpv6AddressOnly() {
    assertEquals(NodeLab.Family.IPV6, lab.family());
    fresh.assertReadyOnItsAddress();
    assertTrue(lab.nodeIp().contains(":"), lab.nodeIp());
  }

  @Test
  void aHostNetworkPodAnswersOnIpv6Loopback() {
    int port = FreePort.find();
    lab.run(
        lab.labtoolPod("hostnet", "serve", "[::1]:" + port, "hello over [::1]")
            .editSpec()
            .withHostNetwork(true)
            .endSpec()
            .build());
    assertEquals("hello over [::1]", LabHttp.get("http://[::1]:" + port + "/"));
  }

  @Test
  void podsGetIpv6AddressesAndAHostPortAnswersOnTheNodesAddress() {
    int port = FreePort.find();
    Pod pod =
        lab.run(
            lab.labtoolPod("web6", "serve", "8080", "a pod on IPv6")
                .editSpec()
                .editFirstContainer()
                .addNewPort()
                .withContainerPort(8080)
                .withHostPort(port)
                .endPort()
                .endContainer()
                .endSpec()
                .build());
    List<String> ips = pod.getStatus().getPodIPs().stream().map(PodIP::getIp).toList();
    assertEquals(1, ips.size(), ips.toString());
    assertTrue(ips.get(0).startsWith("fd00:10:244:"), ips.toString());
    assertEquals("a pod on IPv6", LabHttp.get("http://[" + lab.nodeIp() + "]:" + port + "/"));
  }
}
