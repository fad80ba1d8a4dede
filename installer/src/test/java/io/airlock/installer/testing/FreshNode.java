package io.airlock.installer.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import java.util.List;

/**
 * A node started from nothing for the lab's self-test: whatever node runs is stopped first, so the
 * kernel's settings read before the start are the machine's own, and stopping compares them again.
 */
record FreshNode(KubeLabs labs, KernelSettings before, NodeLab lab) {

  static FreshNode start(KubeLabs labs, NodeLab.Family family) {
    labs.stopNode();
    KernelSettings before = KernelSettings.read();
    return new FreshNode(labs, before, labs.node(family));
  }

  /** Stops the node; fails naming every kernel setting that is not as before its start. */
  void stopAndCompareKernel() {
    labs.stopNode();
    assertEquals(
        List.of(),
        KernelSettings.read().changedSince(before),
        "kernel settings the node changed and did not put back");
  }

  /** The Node is Ready, and its one InternalIP is the lab's own address for it. */
  void assertReadyOnItsAddress() {
    Node node = lab.client().nodes().withName(lab.nodeName()).get();
    assertTrue(
        node.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True")),
        node.getStatus().toString());
    assertEquals(
        List.of(lab.nodeIp()),
        node.getStatus().getAddresses().stream()
            .filter(a -> a.getType().equals("InternalIP"))
            .map(NodeAddress::getAddress)
            .toList());
  }
}
