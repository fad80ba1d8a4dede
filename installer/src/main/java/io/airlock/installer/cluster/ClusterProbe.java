package io.airlock.installer.cluster;

import io.airlock.core.AirlockException;
import io.airlock.core.BadInputException;
import io.airlock.installer.state.InstallState;
import io.airlock.installer.state.StateStore;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Learns a cluster without changing it: reads, SelfSubjectAccessReviews and server-side dry-runs
 * only. An unreachable server or rejected credentials stop the probe with one message; anything
 * merely forbidden becomes a warning and an "unknown" in the facts.
 */
public final class ClusterProbe {

  private final KubeConnection connection;

  public ClusterProbe(KubeConnection connection) {
    this.connection = connection;
  }

  public ClusterFacts probe(String namespace) throws AirlockException {
    KubernetesClient client = connection.client();
    List<String> warnings = new ArrayList<>();
    String step = "read the server version";
    try {
      io.fabric8.kubernetes.client.VersionInfo info = client.getKubernetesVersion();
      if (info == null || info.getGitVersion() == null) {
        // The client reads /version without checking the status; ask again in a way that does.
        client
            .authorization()
            .v1()
            .selfSubjectAccessReview()
            .create(
                new io.fabric8.kubernetes.api.model.authorization.v1
                        .SelfSubjectAccessReviewBuilder()
                    .withNewSpec()
                    .withNewResourceAttributes()
                    .withVerb("get")
                    .withResource("namespaces")
                    .endResourceAttributes()
                    .endSpec()
                    .build());
        throw new io.airlock.core.RemoteFailureException(
            "The API server at " + connection.server() + " gave no version.",
            "Check that the kubeconfig points at a Kubernetes API server (kubectl version).");
      }
      ServerVersion version = ServerVersion.of(info);
      if (!version.atLeast(1, 20)) {
        warnings.add(
            "Kubernetes "
                + version
                + " is older than 1.20, the oldest release Airlock plans for; objects may be refused");
      }
      step = "list nodes";
      List<Node> nodeObjects = List.of();
      try {
        nodeObjects = client.nodes().list().getItems();
      } catch (KubernetesClientException e) {
        PolicyProbe.rethrowFatal(e);
        warnings.add(
            "cannot list nodes ("
                + KubeErrors.brief(e)
                + "): no node inventory, and the distribution and mirror formats are guesses");
      }
      List<NodeFacts> nodes = NodeInventory.of(nodeObjects);
      step = "list kube-system pods";
      List<Pod> systemPods = null;
      try {
        systemPods = client.pods().inNamespace("kube-system").list().getItems();
      } catch (KubernetesClientException e) {
        PolicyProbe.rethrowFatal(e);
        warnings.add(
            "cannot list pods in kube-system ("
                + KubeErrors.brief(e)
                + "): kube-proxy's mode is unknown");
      }
      DistroDetector.Detected distro =
          DistroDetector.detect(
              nodes,
              version,
              systemPods == null
                  ? List.of()
                  : systemPods.stream().map(p -> p.getMetadata().getName()).toList());
      step = "read kube-proxy's configuration";
      KubeProxyDetector.Found proxy =
          KubeProxyDetector.detect(
              nodes, distro.distro(), systemPods, name -> configMap(client, name));
      step = "learn the IP families";
      NetworkProbe.IpFamilyResult families = NetworkProbe.families(client, nodes, warnings);
      NetworkFacts network =
          KubeProxyDetector.assess(
              families.families(), families.evidence(), proxy, distro.distro());
      step = "check policy and permissions";
      PolicyFacts policy = PolicyProbe.probe(client, namespace, version, distro.distro(), warnings);
      step = "read the airlock-state Secret";
      InstallState installed = null;
      try {
        installed = StateStore.read(client, namespace).orElse(null);
      } catch (KubernetesClientException e) {
        PolicyProbe.rethrowFatal(e);
        warnings.add(
            "cannot read "
                + namespace
                + "/"
                + StateStore.NAME
                + " ("
                + KubeErrors.brief(e)
                + "): an earlier installation would go unnoticed");
      } catch (BadInputException e) {
        warnings.add(e.getMessage());
      }
      return new ClusterFacts(
          connection.server(), version, distro, nodes, network, policy, installed, warnings);
    } catch (KubernetesClientException e) {
      throw KubeErrors.translate(e, step, connection);
    }
  }

  private static Optional<ConfigMap> configMap(KubernetesClient client, String name) {
    try {
      return Optional.ofNullable(
          client.configMaps().inNamespace("kube-system").withName(name).get());
    } catch (KubernetesClientException e) {
      PolicyProbe.rethrowFatal(e);
      return Optional.empty();
    }
  }
}
