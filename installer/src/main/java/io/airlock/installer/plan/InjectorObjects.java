package io.airlock.installer.plan;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.VolumeProjectionBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The seed injector: its binary (one ConfigMap per architecture) and payload (the OCI layout tar in
 * 768 KiB ConfigMaps) mounted into a container of an image already on the node, serving the
 * registry and proxy images until the registry runs. A pod on one node behind a NodePort in
 * nodeport mode; a DaemonSet on the node's loopback in the proxy modes (every node must pull the
 * proxy).
 */
final class InjectorObjects {

  static final String NAME = "airlock-injector";
  static final String SEED_SERVICE = "airlock-seed";

  /** The seed's NodePort (nodeport mode), next to the registry's default 31999. */
  static final int SEED_NODE_PORT = 31998;

  /** The seed's host port on loopback (proxy modes). */
  static final int SEED_HOST_PORT = 5001;

  private InjectorObjects() {}

  static ConfigMap binary(String namespace, String arch, byte[] bytes) {
    ConfigMapBuilder b =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(NAME + "-" + arch)
            .withNamespace(namespace)
            .withLabels(Labels.common("injector"))
            .addToAnnotations("airlock.io/sha256", bytes == null ? "" : sha256(bytes))
            .addToAnnotations("airlock.io/size", bytes == null ? "0" : String.valueOf(bytes.length))
            .endMetadata();
    if (bytes != null) {
      b.addToBinaryData(InjectorContract.BINARY_KEY, Base64.getEncoder().encodeToString(bytes));
    }
    return b.build();
  }

  /**
   * The ConfigMap of payload chunk {@code index}. With {@code seed} null it is a placeholder; with
   * {@code withData} false its bytes are left for the apply step to read then (flat memory).
   */
  static ConfigMap chunk(String namespace, SeedInput seed, int index, boolean withData) {
    ConfigMapBuilder b =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(chunkName(index))
            .withNamespace(namespace)
            .withLabels(Labels.common("seed-payload"))
            .addToAnnotations("airlock.io/chunk-index", String.valueOf(index))
            .addToAnnotations(
                "airlock.io/chunk-size", seed == null ? "0" : String.valueOf(seed.chunkSize(index)))
            .addToAnnotations("airlock.io/payload-sha256", seed == null ? "" : seed.payloadSha256())
            .endMetadata();
    if (seed != null && withData) {
      b.addToBinaryData(
          InjectorContract.CHUNK_KEY, Base64.getEncoder().encodeToString(seed.chunk(index)));
    }
    return b.build();
  }

  static String chunkName(int index) {
    return String.format("airlock-seed-%04d", index);
  }

  private static PodSpec spec(
      String namespace,
      InjectorPlacement placement,
      int chunks,
      String sha256,
      String listen,
      boolean hostNetwork,
      Integer hostPort) {
    List<VolumeProjection> sources = new ArrayList<>();
    for (int i = 0; i < chunks; i++) {
      sources.add(
          new VolumeProjectionBuilder()
              .withNewConfigMap()
              .withName(chunkName(i))
              .addNewItem()
              .withKey(InjectorContract.CHUNK_KEY)
              .withPath(InjectorContract.chunkFile(i))
              .endItem()
              .endConfigMap()
              .build());
    }
    ContainerBuilder c =
        new ContainerBuilder()
            .withName("injector")
            .withImage(placement.image())
            // The image is on the node already and nothing can be pulled yet.
            .withImagePullPolicy("Never")
            .withCommand(InjectorContract.command(sha256, chunks, listen))
            .withSecurityContext(Pods.container())
            .addNewPort()
            .withName("seed")
            .withContainerPort(hostNetwork ? SEED_HOST_PORT : InjectorContract.CONTAINER_PORT)
            .withHostPort(hostPort)
            .withHostIP(hostPort != null ? "127.0.0.1" : null)
            .withProtocol("TCP")
            .endPort()
            .withNewReadinessProbe()
            .withNewTcpSocket()
            .withHost(hostNetwork ? null : null)
            .withPort(
                new IntOrString(hostNetwork ? SEED_HOST_PORT : InjectorContract.CONTAINER_PORT))
            .endTcpSocket()
            .withPeriodSeconds(2)
            .endReadinessProbe()
            .addNewVolumeMount()
            .withName("injector")
            .withMountPath(InjectorContract.BINARY_DIR)
            .withReadOnly(true)
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("payload")
            .withMountPath(InjectorContract.PAYLOAD_DIR)
            .withReadOnly(true)
            .endVolumeMount();
    Container container = c.build();
    if (hostNetwork) {
      // A TCP probe on the pod IP cannot reach a socket bound to [::1] only.
      container.setReadinessProbe(null);
    }
    PodSpecBuilder spec =
        new PodSpecBuilder()
            .withServiceAccountName(AccessObjects.INJECTOR_SA)
            .withAutomountServiceAccountToken(false)
            .withSecurityContext(Pods.pod())
            .withHostNetwork(hostNetwork ? Boolean.TRUE : null)
            .withDnsPolicy(hostNetwork ? "ClusterFirstWithHostNet" : null)
            .withContainers(container)
            .addNewVolume()
            .withName("injector")
            .withNewConfigMap()
            .withName(NAME + "-" + placement.architecture())
            .withDefaultMode(0555)
            .endConfigMap()
            .endVolume()
            .addNewVolume()
            .withName("payload")
            .withNewProjected()
            .withSources(sources)
            .endProjected()
            .endVolume();
    return spec.build();
  }

  /** NodePort mode: one pod pinned to the host node, behind the seed NodePort. */
  static Pod pod(String namespace, InjectorPlacement placement, int chunks, String sha256) {
    PodSpec spec =
        spec(
            namespace,
            placement,
            chunks,
            sha256,
            "0.0.0.0:" + InjectorContract.CONTAINER_PORT,
            false,
            null);
    spec.setNodeName(placement.node());
    spec.setRestartPolicy("Always");
    spec.setTolerations(tolerate(placement.taints()));
    return new PodBuilder()
        .withNewMetadata()
        .withName(NAME)
        .withNamespace(namespace)
        .withLabels(Labels.common("injector"))
        .addToAnnotations(
            "airlock.io/host-node-reason", "Ready, schedulable, holds " + placement.image())
        .endMetadata()
        .withSpec(spec)
        .build();
  }

  static Service seedService(String namespace) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(SEED_SERVICE)
        .withNamespace(namespace)
        .withLabels(Labels.common("injector"))
        .endMetadata()
        .withNewSpec()
        .withType("NodePort")
        .withSelector(Labels.selector("injector"))
        .addNewPort()
        .withName("seed")
        .withPort(InjectorContract.CONTAINER_PORT)
        .withTargetPort(new IntOrString("seed"))
        .withNodePort(SEED_NODE_PORT)
        .withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }

  /** Proxy modes: one DaemonSet per architecture on the node's loopback. */
  static DaemonSet daemonSet(
      String namespace,
      InjectorPlacement placement,
      int chunks,
      String sha256,
      boolean hostNetwork) {
    String listen =
        hostNetwork ? "[::1]:" + SEED_HOST_PORT : "0.0.0.0:" + InjectorContract.CONTAINER_PORT;
    PodSpec spec =
        spec(
            namespace,
            placement,
            chunks,
            sha256,
            listen,
            hostNetwork,
            hostNetwork ? null : SEED_HOST_PORT);
    spec.setNodeSelector(Map.of("kubernetes.io/arch", placement.architecture()));
    spec.setTolerations(Pods.everywhere());
    String name = NAME + "-" + placement.architecture();
    return new DaemonSetBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(Labels.common("injector"))
        .endMetadata()
        .withNewSpec()
        .withNewSelector()
        .withMatchLabels(
            Map.of(
                "app.kubernetes.io/part-of",
                "airlock",
                Labels.COMPONENT,
                "injector",
                "kubernetes.io/arch",
                placement.architecture()))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(
            Map.of(
                "app.kubernetes.io/part-of",
                "airlock",
                Labels.MANAGED_BY,
                "airlock",
                Labels.COMPONENT,
                "injector",
                "kubernetes.io/arch",
                placement.architecture()))
        .endMetadata()
        .withSpec(spec)
        .endTemplate()
        .endSpec()
        .build();
  }

  private static List<Toleration> tolerate(List<String> taints) {
    List<Toleration> out = new ArrayList<>();
    for (String t : taints) {
      int colon = t.lastIndexOf(':');
      String kv = t.substring(0, colon);
      int eq = kv.indexOf('=');
      TolerationBuilder b =
          new TolerationBuilder()
              .withKey(eq < 0 ? kv : kv.substring(0, eq))
              .withEffect(t.substring(colon + 1));
      if (eq < 0) {
        b.withOperator("Exists");
      } else {
        b.withOperator("Equal").withValue(kv.substring(eq + 1));
      }
      out.add(b.build());
    }
    return out;
  }

  static String sha256(byte[] bytes) {
    try {
      return java.util.HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
