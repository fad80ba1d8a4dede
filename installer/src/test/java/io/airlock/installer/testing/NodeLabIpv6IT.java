package io.airlock.installer.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.testing.FreePort;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
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

  static KubeLabs labs;
  static KernelSettings before;
  static NodeLab lab;

  @BeforeAll
  static void setUp(KubeLabs all) {
    labs = all;
    labs.stopNode();
    before = KernelSettings.read();
    lab = labs.node(NodeLab.Family.IPV6);
  }

  @AfterAll
  static void tearDown() {
    labs.stopNode();
    assertEquals(
        List.of(),
        KernelSettings.read().changedSince(before),
        "kernel settings the node changed and did not put back");
  }

  @Test
  void theNodeIsReadyOnAnIpv6AddressOnly() {
    assertEquals(NodeLab.Family.IPV6, lab.family());
    Node node = lab.client().nodes().withName(lab.nodeName()).get();
    assertTrue(
        node.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True")),
        node.getStatus().toString());
    List<String> internal =
        node.getStatus().getAddresses().stream()
            .filter(a -> a.getType().equals("InternalIP"))
            .map(NodeAddress::getAddress)
            .toList();
    assertEquals(List.of(lab.nodeIp()), internal);
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
