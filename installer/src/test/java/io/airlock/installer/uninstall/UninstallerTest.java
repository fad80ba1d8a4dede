package io.airlock.installer.uninstall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.progress.ProgressListener;
import io.airlock.installer.cluster.KubeConnection;
import io.airlock.installer.plan.Labels;
import io.airlock.installer.state.InstallState;
import io.airlock.installer.state.StateStore;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code airlock uninstall} on Fabric8's CRUD mock: it removes what the state Secret lists and
 * nothing else, not even objects that carry Airlock's labels but are not listed, nor anything of
 * the person's in the same namespace; --keep-data keeps the volume and its namespace.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class UninstallerTest {

  static final String NS = "airlock-system";

  KubernetesMockServer server;
  KubernetesClient client;

  /** Metadata with Airlock's labels for {@code component}, or no labels when it is null. */
  private static ObjectMeta meta(String name, String namespace, String component) {
    ObjectMetaBuilder m = new ObjectMetaBuilder().withName(name).withNamespace(namespace);
    if (component != null) {
      m.withLabels(Labels.common(component));
    }
    return m.build();
  }

  private Uninstaller.Result uninstall(boolean keepData) throws Exception {
    return new Uninstaller(KubeConnection.of(client), ProgressListener.NONE)
        .uninstall(NS, keepData, Duration.ofSeconds(5));
  }

  private static List<String> kinds(List<InstallState.InstalledObject> objects) {
    return objects.stream().map(InstallState.InstalledObject::kind).toList();
  }

  private void cluster(String stateStatus) {
    cluster(stateStatus, List.of());
  }

  private void cluster(String stateStatus, List<InstallState.NodeConfig> nodes) {
    client
        .resource(new NamespaceBuilder().withMetadata(meta(NS, null, "namespace")).build())
        .create();
    client
        .resource(
            new ServiceBuilder().withMetadata(meta("airlock-registry", NS, "registry")).build())
        .create();
    client
        .resource(
            new PersistentVolumeClaimBuilder()
                .withMetadata(meta("airlock-registry-data", NS, "registry"))
                .build())
        .create();
    // Airlock's labels, but not in the state: a hand-made copy, left alone.
    client
        .resource(new ConfigMapBuilder().withMetadata(meta("look-alike", NS, "registry")).build())
        .create();
    client
        .resource(new ConfigMapBuilder().withMetadata(meta("theirs", "default", null)).build())
        .create();
    InstallState state =
        new InstallState(
            1,
            "test",
            "nodeport",
            null,
            "IPv4",
            "kubeadm",
            "v1.20.2",
            null,
            List.of(
                new InstallState.InstalledObject("v1", "Namespace", null, NS),
                new InstallState.InstalledObject(
                    "v1", "PersistentVolumeClaim", NS, "airlock-registry-data"),
                new InstallState.InstalledObject("v1", "Service", NS, "airlock-registry"),
                // listed but never made (a run killed early): nothing to do, no failure
                new InstallState.InstalledObject("apps/v1", "Deployment", NS, "airlock-registry")),
            List.of(),
            "2025-06-01T00:00:00Z",
            stateStatus,
            nodes,
            List.of());
    client.secrets().resource(StateStore.toSecret(state, NS)).create();
  }

  @Test
  void removesExactlyWhatTheStateListsAndNothingElse() throws Exception {
    cluster(InstallState.INSTALLING);
    Uninstaller.Result r = uninstall(false);
    assertEquals(List.of("Service", "PersistentVolumeClaim", "Namespace"), kinds(r.removed()));
    assertNull(client.services().inNamespace(NS).withName("airlock-registry").get());
    assertNull(client.secrets().inNamespace(NS).withName(StateStore.NAME).get());
    assertNotNull(
        client.configMaps().inNamespace(NS).withName("look-alike").get(),
        "not listed: not Airlock's to remove (the mock does not cascade namespace deletion)");
    assertNotNull(client.configMaps().inNamespace("default").withName("theirs").get());
    assertTrue(
        r.notes().get(0).startsWith("The last installation stopped before its end"),
        r.notes().toString());
  }

  @Test
  void keepDataKeepsTheVolumeAndItsNamespace() throws Exception {
    cluster(InstallState.INSTALLED);
    Uninstaller.Result r = uninstall(true);
    assertEquals(List.of("Service"), kinds(r.removed()));
    assertEquals(List.of("PersistentVolumeClaim", "Namespace"), kinds(r.kept()));
    assertNotNull(
        client.persistentVolumeClaims().inNamespace(NS).withName("airlock-registry-data").get());
    assertNotNull(client.namespaces().withName(NS).get());
  }

  /** No state: nothing is removed, unless the namespace is Airlock's and holds only its objects. */
  @Test
  void withoutAStateItRemovesOnlyAnEmptyNamespaceAirlockMade() throws Exception {
    client
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(NS)
                .withLabels(Map.of(Labels.MANAGED_BY, "airlock"))
                .endMetadata()
                .build())
        .create();
    client
        .resource(new SecretBuilder().withMetadata(meta("someone-elses", NS, null)).build())
        .create();
    Uninstaller u = new Uninstaller(KubeConnection.of(client), ProgressListener.NONE);
    Uninstaller.Result kept = u.uninstall(NS, false, Duration.ofSeconds(5));
    assertEquals(List.of(), kept.removed());
    assertNotNull(client.namespaces().withName(NS).get());
    assertTrue(kept.notes().get(0).contains("removes nothing"), kept.notes().toString());

    client.secrets().inNamespace(NS).withName("someone-elses").delete();
    Uninstaller.Result removed = u.uninstall(NS, false, Duration.ofSeconds(5));
    assertEquals(List.of("Namespace"), kinds(removed.removed()));
    assertNull(client.namespaces().withName(NS).get());
  }

  static final List<InstallState.NodeConfig> NODES =
      List.of(
          new InstallState.NodeConfig(
              "n1",
              "containerd",
              "/etc/containerd/certs.d",
              "127.0.0.1:31999/airlock.local/airlock/nodecfg:1@sha256:00",
              List.of(new InstallState.NodeFile("docker.io/hosts.toml", "replaced", "ab")),
              List.of(),
              null));

  /**
   * A node that does not report its restore (here: no kubelet at all) stops the uninstall before
   * anything is removed, and the node program's DaemonSet is gone again.
   */
  @Test
  void aNodeThatCannotBeRestoredStopsTheUninstallBeforeAnyRemoval() {
    cluster(InstallState.INSTALLED, NODES);
    io.airlock.core.RemoteFailureException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            io.airlock.core.RemoteFailureException.class,
            () ->
                new Uninstaller(KubeConnection.of(client), ProgressListener.NONE)
                    .uninstall(NS, false, Duration.ofSeconds(2)));
    assertTrue(e.getMessage().contains("n1: no report within 2 s"), e.getMessage());
    assertNotNull(client.secrets().inNamespace(NS).withName(StateStore.NAME).get());
    assertNotNull(client.services().inNamespace(NS).withName("airlock-registry").get());
    assertNull(
        client.apps().daemonSets().inNamespace(NS).withName("airlock-nodecfg-containerd").get());
  }

  @Test
  void keepingTheNodeFilesSkipsTheRestoreAndSaysSo() throws Exception {
    cluster(InstallState.INSTALLED, NODES);
    Uninstaller.Result r =
        new Uninstaller(KubeConnection.of(client), ProgressListener.NONE)
            .uninstall(NS, false, true, Duration.ofSeconds(2));
    assertTrue(
        r.notes().get(0).startsWith("Left the mirror files on 1 node(s) as they are"),
        r.notes().toString());
    assertNull(client.secrets().inNamespace(NS).withName(StateStore.NAME).get());
  }
}
