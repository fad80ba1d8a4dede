package io.airlock.installer.plan;

import io.airlock.core.oci.TargetNaming;
import io.airlock.installer.seed.SeedImages;
import io.airlock.node.NodeImages;

/**
 * How the registry is set up.
 *
 * @param nodePort the NodePort in nodeport mode (31999 by default)
 * @param prefix the push prefix (the same the push engine uses)
 * @param storageClass a StorageClass, or null for the cluster's default
 * @param storageSize the volume size, e.g. {@code 20Gi}; null sizes it from the bundle
 * @param registryImage the registry image as the seed payload names it: Airlock's own ({@code
 *     airlock.local/airlock/registry}, running {@code airlock serve}) or a distribution image
 * @param proxyImage the proxy image as the seed payload names it
 * @param nodeStorage a directory on one node's disk for the data instead of a StorageClass, or null
 */
public record RegistrySettings(
    int nodePort,
    String prefix,
    boolean flatten,
    String storageClass,
    String storageSize,
    String registryImage,
    String proxyImage,
    NodeStorage nodeStorage) {

  public static final int DEFAULT_NODE_PORT = 31999;

  /**
   * The registry's data in a directory of one node (a hostPath volume pinned to that node), for
   * clusters without a storage provisioner.
   *
   * @param node the node, or null for the one the seed injector runs on
   */
  public record NodeStorage(String node, String path) {
    public NodeStorage {
      if (path == null || !path.startsWith("/") || path.contains("..") || path.equals("/")) {
        throw new IllegalArgumentException(
            "the node directory '" + path + "' must be an absolute path below /, without ..");
      }
    }
  }

  public RegistrySettings {
    if (nodePort < 30000 || nodePort > 32767) {
      throw new IllegalArgumentException(
          "NodePort " + nodePort + " is outside the default NodePort range 30000-32767");
    }
    prefix = TargetNaming.normalizePrefix(prefix);
    if (registryImage == null) {
      registryImage = airlockRegistryImage();
    }
    if (nodeStorage != null && storageClass != null) {
      throw new IllegalArgumentException(
          "a StorageClass and a node directory exclude each other: choose one");
    }
  }

  public static RegistrySettings defaults() {
    return new RegistrySettings(
        DEFAULT_NODE_PORT,
        "",
        false,
        null,
        null,
        airlockRegistryImage(),
        NodeImages.load().proxyImage().reference(),
        null);
  }

  /** Airlock's registry image, built from source into this jar's seed images. */
  public static String airlockRegistryImage() {
    return SeedImages.load().registryImage().reference();
  }

  /** True when the registry is Airlock's own image (runs {@code airlock serve}). */
  public boolean airlocksRegistry() {
    return registryImage.startsWith(SeedImages.REGISTRY_IMAGE + ":")
        || registryImage.startsWith(SeedImages.REGISTRY_IMAGE + "@");
  }
}
