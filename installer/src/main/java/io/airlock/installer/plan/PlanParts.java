package io.airlock.installer.plan;

import io.airlock.installer.state.StateStore;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;

/**
 * Which step of an installation applies each planned object, and the names the steps after the plan
 * need: the registry's workload and its push endpoint, the Secrets that open it, the seed.
 */
public final class PlanParts {

  /** The registry's Deployment. */
  public static final String REGISTRY = RegistryObjects.NAME;

  /** The registry's push endpoint in its pod: TLS, the push password. */
  public static final int PUSH_PORT = RegistryObjects.PUSH_PORT;

  /**
   * Airlock's registry's endpoint for the port-forward: the same pushes and password on the pod's
   * loopback, plain HTTP (the API server's and kubelet's TLS carry the bytes; a second TLS inside
   * costs the push a third of its CPU on small machines). Not in any Service.
   */
  public static final int TUNNEL_PORT = RegistryObjects.TUNNEL_PORT;

  /** The Secret with the push user's name and password. */
  public static final String PUSH_CREDENTIALS = AccessObjects.AUTH_SECRET;

  /** The seed injector's pod (nodeport mode). */
  public static final String INJECTOR = InjectorObjects.NAME;

  /** On the injector pod: the SHA-256 of the payload it serves. */
  public static final String PAYLOAD_ANNOTATION = InjectorObjects.PAYLOAD_ANNOTATION;

  /** The node proxies' DaemonSet (proxy modes). */
  public static final String PROXY = ProxyObjects.NAME;

  /** The port the node proxies serve on each node's loopback. */
  public static final int PROXY_PORT = ProxyObjects.PORT;

  /** The registry's read-only pull endpoint in its pod: plain (nodeport) or mutual TLS. */
  public static int servePort(boolean mtls) {
    return RegistryObjects.servePort(mtls);
  }

  /**
   * Where the kubelets pull the seed from: the injector's NodePort, or its host-network port on
   * {@code 127.0.0.1} in the proxy modes (IPv6-only clusters too: an image reference cannot hold an
   * IPv6 literal, and the injector listens on both loopbacks).
   */
  public static String seedAddress(io.airlock.installer.mode.RegistryMode mode) {
    return mode == io.airlock.installer.mode.RegistryMode.NODEPORT
        ? "127.0.0.1:" + InjectorObjects.SEED_NODE_PORT
        : "127.0.0.1:" + InjectorObjects.SEED_HOST_PORT;
  }

  /** The labels of the node proxies' pods. */
  public static Map<String, String> proxyPods() {
    return Labels.selector("proxy");
  }

  /** What a step applies. */
  public enum Part {
    /** Namespace, service accounts, RBAC, certificates and credentials. */
    ACCESS,
    /** The seed injector: its binaries, payload chunks, pod or DaemonSets, NodePort. */
    SEED,
    /** The registry: volume, workload, Services, the node proxies. */
    REGISTRY,
    /** The node mirror configuration ConfigMaps. */
    MIRRORS,
    /** The state record. */
    STATE
  }

  private PlanParts() {}

  /** The labels of the registry's pods. */
  public static Map<String, String> registryPods() {
    return Labels.selector("registry");
  }

  public static Part of(HasMetadata o) {
    String kind = o.getKind();
    String name = o.getMetadata().getName();
    if (kind.equals("Secret") && name.equals(StateStore.NAME)) {
      return Part.STATE;
    }
    if (kind.equals("ConfigMap") && name.startsWith("airlock-mirrors-")) {
      return Part.MIRRORS;
    }
    if (name.startsWith(InjectorObjects.NAME)
        || name.startsWith("airlock-seed")
        || (kind.equals("ConfigMap") && name.startsWith(InjectorObjects.NAME + "-"))) {
      return kind.equals("ServiceAccount") ? Part.ACCESS : Part.SEED;
    }
    return switch (kind) {
      case "Deployment", "Service", "PersistentVolumeClaim", "PersistentVolume", "DaemonSet" ->
          Part.REGISTRY;
      case "ConfigMap" -> Part.REGISTRY;
      default -> Part.ACCESS;
    };
  }

  /** True for a payload chunk ConfigMap, which a run sends only when its bytes changed. */
  public static boolean isChunk(HasMetadata o) {
    Map<String, String> a = o.getMetadata().getAnnotations();
    return o.getKind().equals("ConfigMap")
        && a != null
        && a.containsKey(InjectorObjects.CHUNK_ANNOTATION);
  }

  /** The annotation that records what a ConfigMap's bytes hash to: chunks and binaries. */
  public static String contentHash(HasMetadata o) {
    Map<String, String> a = o.getMetadata().getAnnotations();
    if (a == null) {
      return null;
    }
    String chunk = a.get("airlock.io/chunk-sha256");
    return chunk != null && !chunk.isEmpty() ? chunk : a.get("airlock.io/sha256");
  }
}
