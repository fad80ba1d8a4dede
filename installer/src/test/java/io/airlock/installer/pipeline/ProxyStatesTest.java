package io.airlock.installer.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.airlock.installer.cluster.KubeConnection;
import io.airlock.installer.plan.PlanParts;
import io.airlock.installer.testing.ProxyPods;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The node proxies' state per node as the API server tells it (Fabric8's mock server in CRUD mode;
 * the pods' statuses written as a kubelet would).
 */
@EnableKubernetesMockClient(crud = true, https = false)
class ProxyStatesTest {

  static final String NS = "airlock-system";

  KubernetesClient client;

  @Test
  void eachNodeSaysReadyNotReadyWithTheReasonOrMissing() throws Exception {
    nodes("n-ready", "n-pull", "n-missing");
    client.apps().daemonSets().inNamespace(NS).resource(ProxyPods.daemonSet(NS)).create();
    create(ProxyPods.ready(NS, "airlock-proxy-a", "n-ready"));
    create(ProxyPods.waiting(NS, "airlock-proxy-b", "n-pull", "ImagePullBackOff"));
    // Another of Airlock's pods on the third node is not its proxy.
    create(ProxyPods.pod(NS, "airlock-registry-x", "n-missing", PlanParts.registryPods(), null));

    assertEquals(
        List.of(
            new ProxyStates.NodeProxy("n-ready", ProxyStates.State.READY, "airlock-proxy-a", ""),
            new ProxyStates.NodeProxy(
                "n-pull", ProxyStates.State.NOT_READY, "airlock-proxy-b", "ImagePullBackOff"),
            new ProxyStates.NodeProxy("n-missing", ProxyStates.State.MISSING, "", "")),
        ProxyStates.of(KubeConnection.of(client), NS));
  }

  @Test
  void aNodeWithARolloutsTwoPodsIsReadyWhenOneIs() throws Exception {
    nodes("n1");
    client.apps().daemonSets().inNamespace(NS).resource(ProxyPods.daemonSet(NS)).create();
    create(ProxyPods.waiting(NS, "airlock-proxy-new", "n1", "ContainerCreating"));
    create(ProxyPods.ready(NS, "airlock-proxy-old", "n1"));
    assertEquals(
        List.of(new ProxyStates.NodeProxy("n1", ProxyStates.State.READY, "airlock-proxy-old", "")),
        ProxyStates.of(KubeConnection.of(client), NS));
  }

  @Test
  void withoutTheProxyDaemonSetThereIsNothingToSay() throws Exception {
    nodes("n1");
    create(ProxyPods.ready(NS, "airlock-proxy-stale", "n1"));
    assertEquals(List.of(), ProxyStates.of(KubeConnection.of(client), NS));
  }

  private void nodes(String... names) {
    for (String n : names) {
      client
          .nodes()
          .resource(new NodeBuilder().withNewMetadata().withName(n).endMetadata().build())
          .create();
    }
  }

  private void create(Pod p) {
    client.pods().inNamespace(NS).resource(p).create();
  }
}
