package io.airlock.installer.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.installer.cluster.ClusterProbe;
import io.airlock.installer.cluster.KubeConnection;
import io.airlock.installer.cluster.NodeFacts;
import io.airlock.installer.testing.FakeCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The injector's host and image, chosen from what real nodes report in status.images. */
@EnableKubernetesMockClient(crud = true, https = false)
class InjectorPlacementTest {

  KubernetesMockServer server;
  KubernetesClient client;

  List<NodeFacts> nodes(String fixture) throws Exception {
    FakeCluster.load(server, client, fixture);
    return new ClusterProbe(KubeConnection.of(client)).probe("airlock-system").nodes();
  }

  @ParameterizedTest(name = "{0} with injectors for {1}: {2} in {3}")
  @CsvSource({
    "k3s,       amd64,       k3s-server-1,                             docker.io/rancher/mirrored-pause:3.6,                  ''",
    "k3s,       amd64+arm64, k3s-agent-1,                              docker.io/rancher/mirrored-pause:3.6,                  ''",
    "eks,       amd64,       ip-192-168-12-34.ec2.internal,            602401143452.dkr.ecr.us-east-1.amazonaws.com/eks/pause:3.5, ''",
    "gke,       amd64,       gke-airlock-default-pool-5f1a2b3c-x9z8,   gke.gcr.io/pause:3.8@sha256:880e63f94b145e46f1b1082bb71b85e21f16b99b180b9996407d61240ceb9830, ''",
    "openshift, amd64,       worker-0.ocp.example.com,                 quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:4bf5a5b3c0b0b3e4c1a6bb3d1f8a0c5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c, ''",
    "kubeadm,   amd64,       cp-1,                                     registry.k8s.io/pause:3.9,                             node-role.kubernetes.io/control-plane:NoSchedule",
    "kubeadm,   amd64+arm64, worker-1,                                 registry.k8s.io/pause:3.9,                             ''",
    "rke2,      amd64,       rke2-server-1,                            docker.io/rancher/mirrored-pause:3.6,                  CriticalAddonsOnly=true:NoExecute",
  })
  void hostNodeAndImage(String fixture, String arches, String node, String image, String taints)
      throws Exception {
    InjectorPlacement p =
        InjectorPlacement.hostNode(nodes(fixture), Set.of(arches.split("\\+"))).orElseThrow();
    assertEquals(node, p.node());
    assertEquals(image, p.image());
    assertEquals(taints.isEmpty() ? List.of() : List.of(taints), p.taints());
    // The pod tolerates exactly the host's taints.
    var pod = InjectorObjects.pod("airlock-system", p, 1);
    assertEquals(p.taints().size(), pod.getSpec().getTolerations().size());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "kubeadm, amd64:registry.k8s.io/pause:3.9 arm64:registry.k8s.io/pause:3.9",
    "openshift, amd64:quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:4bf5a5b3c0b0b3e4c1a6bb3d1f8a0c5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c"
  })
  void daemonSetImagePresentOnEveryNodeOfEachArchitecture(String fixture, String expected)
      throws Exception {
    List<InjectorPlacement> ps = InjectorPlacement.perArchitecture(nodes(fixture), Set.of());
    assertEquals(
        expected,
        String.join(" ", ps.stream().map(p -> p.architecture() + ":" + p.image()).toList()));
    assertTrue(ps.stream().allMatch(p -> p.node() == null));
  }
}
