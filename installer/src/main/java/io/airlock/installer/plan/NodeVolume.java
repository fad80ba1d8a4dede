package io.airlock.installer.plan;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

/**
 * The registry's data in a directory on one node, for clusters without a storage provisioner
 * ({@code --storage-node-path}): a hostPath PersistentVolume pinned to that node (so the registry
 * always runs there), reserved for the registry's claim, and kept when the claim goes (Retain): the
 * directory and its images stay on the node until someone removes them.
 */
final class NodeVolume {

  private NodeVolume() {}

  /** Cluster-wide, so named after the namespace it serves. */
  static String name(String namespace) {
    return RegistryObjects.PVC + "-" + namespace;
  }

  static PersistentVolume volume(String namespace, String node, String path, String size) {
    return new PersistentVolumeBuilder()
        .withNewMetadata()
        .withName(name(namespace))
        .withLabels(Labels.common("registry"))
        .addToAnnotations("airlock.io/node-path", node + ":" + path)
        .endMetadata()
        .withNewSpec()
        .addToCapacity("storage", new Quantity(size))
        .withAccessModes("ReadWriteOnce")
        .withPersistentVolumeReclaimPolicy("Retain")
        .withStorageClassName("")
        .withNewClaimRef()
        .withNamespace(namespace)
        .withName(RegistryObjects.PVC)
        .endClaimRef()
        .withNewHostPath()
        .withPath(path)
        .withType("DirectoryOrCreate")
        .endHostPath()
        .withNewNodeAffinity()
        .withNewRequired()
        .addNewNodeSelectorTerm()
        .addNewMatchExpression()
        .withKey("kubernetes.io/hostname")
        .withOperator("In")
        .withValues(node)
        .endMatchExpression()
        .endNodeSelectorTerm()
        .endRequired()
        .endNodeAffinity()
        .endSpec()
        .build();
  }

  /** The claim, bound to that volume only (an empty class: no provisioner is asked). */
  static PersistentVolumeClaim claim(String namespace, String size) {
    return new PersistentVolumeClaimBuilder()
        .withMetadata(Labels.metadata(RegistryObjects.PVC, namespace, "registry"))
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withStorageClassName("")
        .withVolumeName(name(namespace))
        .withNewResources()
        .addToRequests("storage", new Quantity(size))
        .endResources()
        .endSpec()
        .build();
  }
}
