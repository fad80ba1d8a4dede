package io.airlock.installer.plan;

import io.airlock.core.oci.TargetNaming;
import io.airlock.node.NodeImages;

/**
 * How the registry is set up.
 *
 * @param nodePort the NodePort in nodeport mode (31999 by default)
 * @param prefix the push prefix (the same the push engine uses)
 * @param storageClass a StorageClass, or null for the cluster's default
 * @param storageSize the volume size, e.g. {@code 20Gi}; null sizes it from the bundle
 * @param registryImage the registry image as the seed payload names it
 * @param proxyImage the proxy image as the seed payload names it
 */
public record RegistrySettings(
    int nodePort,
    String prefix,
    boolean flatten,
    String storageClass,
    String storageSize,
    String registryImage,
    String proxyImage) {

  public static final int DEFAULT_NODE_PORT = 31999;
  public static final String DEFAULT_REGISTRY_IMAGE = "docker.io/library/registry:2.8.3";

  public RegistrySettings {
    if (nodePort < 30000 || nodePort > 32767) {
      throw new IllegalArgumentException(
          "NodePort " + nodePort + " is outside the default NodePort range 30000-32767");
    }
    prefix = TargetNaming.normalizePrefix(prefix);
  }

  public static RegistrySettings defaults() {
    return new RegistrySettings(
        DEFAULT_NODE_PORT,
        "",
        false,
        null,
        null,
        DEFAULT_REGISTRY_IMAGE,
        NodeImages.load().proxyImage().reference());
  }
}
