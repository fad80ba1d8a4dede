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
import java.util.Locale;
import java.util.Map;

/**
 * The seed injector: its binary (one ConfigMap per architecture), the payload (the OCI layout tar
 * in 768 KiB ConfigMaps) and the chunks' SHA-256 list, mounted into a container of an image already
 * on the node, serving the registry and proxy images until the registry runs. A pod on one node in
 * the pod network behind a NodePort (nodeport mode); a host-network DaemonSet on the nodes'
 * loopback in the proxy modes (every node must pull the proxy).
 */
final class InjectorObjects {

  static final String NAME = "airlock-injector";
  static final String SEED_SERVICE = "airlock-seed";
  static final String SUMS = "airlock-seed-sums";

  /** The SHA-256 of the payload the injector pod serves. */
  static final String PAYLOAD_ANNOTATION = "airlock.io/payload-sha256";

  /** Marks a payload chunk ConfigMap; its bytes are read when it is sent. */
  static final String CHUNK_ANNOTATION = "airlock.io/chunk";

  /** The seed's NodePort (nodeport mode), next to the registry's default 31999. */
  static final int SEED_NODE_PORT = 31998;

  /** The seed's port on the nodes' loopback (proxy modes). */
  static final int SEED_HOST_PORT = 5001;

  private InjectorObjects() {}

  static ConfigMap binary(String namespace, String arch, byte[] bytes) {
    ConfigMapBuilder b =
        new ConfigMapBuilder()
            .withNewMetadataLike(Labels.metadata(NAME + "-" + arch, namespace, "injector"))
            .addToAnnotations("airlock.io/sha256", bytes == null ? "" : sha256(bytes))
            .addToAnnotations("airlock.io/size", bytes == null ? "0" : String.valueOf(bytes.length))
            .endMetadata();
    if (bytes != null) {
      b.addToBinaryData(InjectorContract.BINARY_KEY, Base64.getEncoder().encodeToString(bytes));
    }
    return b.build();
  }

  /** The chunks' SHA-256 list the injector checks before it serves anything. */
  static ConfigMap sums(String namespace, SeedInput seed) {
    return new ConfigMapBuilder()
        .withNewMetadataLike(Labels.metadata(SUMS, namespace, "seed-payload"))
        .addToAnnotations("airlock.io/payload-sha256", seed == null ? "" : seed.payloadSha256())
        .addToAnnotations(
            "airlock.io/payload-size", seed == null ? "0" : String.valueOf(seed.payloadSize()))
        .endMetadata()
        .addToData(InjectorContract.SUMS_FILE, seed == null ? "" : seed.sums())
        .build();
  }

  /**
   * The ConfigMap of payload chunk {@code index}. With {@code seed} null it is a placeholder; with
   * {@code withData} false its bytes are left for the apply step to read then (flat memory).
   */
  static ConfigMap chunk(String namespace, SeedInput seed, int index, boolean withData) {
    ConfigMapBuilder b =
        new ConfigMapBuilder()
            .withNewMetadataLike(Labels.metadata(chunkConfigMap(index), namespace, "seed-payload"))
            .addToAnnotations(CHUNK_ANNOTATION, InjectorContract.chunkName(index))
            .addToAnnotations(
                "airlock.io/chunk-size", seed == null ? "0" : String.valueOf(seed.chunkSize(index)))
            .addToAnnotations(
                "airlock.io/chunk-sha256", seed == null ? "" : seed.chunkSha256().get(index))
            .endMetadata();
    if (seed != null && withData) {
      b.addToBinaryData(
          InjectorContract.chunkName(index), Base64.getEncoder().encodeToString(seed.chunk(index)));
    }
    return b.build();
  }

  static String chunkConfigMap(int index) {
    return String.format(Locale.ROOT, "airlock-seed-%04d", index);
  }

  private static PodSpec spec(
      InjectorPlacement placement,
      int chunks,
      List<String> listen,
      boolean hostNetwork,
      int port,
      String probeHost) {
    List<VolumeProjection> sources = new ArrayList<>();
    sources.add(
        new VolumeProjectionBuilder()
            .withNewConfigMap()
            .withName(SUMS)
            .addNewItem()
            .withKey(InjectorContract.SUMS_FILE)
            .withPath(InjectorContract.SUMS_FILE)
            .endItem()
            .endConfigMap()
            .build());
    for (int i = 0; i < chunks; i++) {
      sources.add(
          new VolumeProjectionBuilder()
              .withNewConfigMap()
              .withName(chunkConfigMap(i))
              .addNewItem()
              .withKey(InjectorContract.chunkName(i))
              .withPath(InjectorContract.chunkName(i))
              .endItem()
              .endConfigMap()
              .build());
    }
    Container container =
        new ContainerBuilder()
            .withName("injector")
            .withImage(placement.image())
            // The image is on the node already and nothing can be pulled yet.
            .withImagePullPolicy("Never")
            .withCommand(InjectorContract.command(listen, !hostNetwork))
            .withSecurityContext(Pods.container())
            .addNewPort()
            .withName("seed")
            .withContainerPort(port)
            .withProtocol("TCP")
            .endPort()
            // On the host network the injector binds loopback only; the kubelet probes it there.
            .withNewReadinessProbe()
            .withNewTcpSocket()
            .withHost(probeHost)
            .withPort(new IntOrString(port))
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
            .endVolumeMount()
            .build();
    return new PodSpecBuilder()
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
        .endVolume()
        .build();
  }

  /**
   * NodePort mode: one pod pinned to the host node, in the pod network behind the seed NodePort.
   */
  static Pod pod(String namespace, InjectorPlacement placement, int chunks) {
    int port = InjectorContract.CONTAINER_PORT;
    PodSpec spec = spec(placement, chunks, List.of("0.0.0.0:" + port), false, port, null);
    spec.setNodeName(placement.node());
    spec.setRestartPolicy("Always");
    spec.setTolerations(tolerate(placement.taints()));
    return new PodBuilder()
        .withNewMetadataLike(Labels.metadata(NAME, namespace, "injector"))
        .addToAnnotations(
            "airlock.io/host-node-reason", "Ready, schedulable, holds " + placement.image())
        .endMetadata()
        .withSpec(spec)
        .build();
  }

  static Service seedService(String namespace) {
    return new ServiceBuilder()
        .withMetadata(Labels.metadata(SEED_SERVICE, namespace, "injector"))
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

  /**
   * Proxy modes: one host-network DaemonSet per architecture on the nodes' loopback, both families
   * (seed 000). IPv6-only clusters too: their nodes still have 127.0.0.1 on the host network, and
   * the kubelet needs it, since an image reference cannot hold an IPv6 literal ({@code
   * [::1]:5001/x} is refused) and {@code localhost} need not resolve to [::1].
   */
  static DaemonSet daemonSet(String namespace, InjectorPlacement placement, int chunks) {
    List<String> listen = List.of("127.0.0.1:" + SEED_HOST_PORT, "[::1]:" + SEED_HOST_PORT);
    PodSpec spec = spec(placement, chunks, listen, true, SEED_HOST_PORT, "127.0.0.1");
    spec.setNodeSelector(Map.of("kubernetes.io/arch", placement.architecture()));
    spec.setTolerations(Pods.everywhere());
    Map<String, String> labels = new java.util.LinkedHashMap<>(Labels.common("injector"));
    labels.put("kubernetes.io/arch", placement.architecture());
    Map<String, String> selector = new java.util.LinkedHashMap<>(Labels.selector("injector"));
    selector.put("kubernetes.io/arch", placement.architecture());
    return new DaemonSetBuilder()
        .withMetadata(Labels.metadata(NAME + "-" + placement.architecture(), namespace, "injector"))
        .withNewSpec()
        .withNewSelector()
        .withMatchLabels(selector)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
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
