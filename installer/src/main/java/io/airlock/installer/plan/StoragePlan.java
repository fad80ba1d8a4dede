package io.airlock.installer.plan;

import io.airlock.core.Phrase;
import io.airlock.core.Setting;
import io.airlock.installer.cluster.ClusterFacts;
import io.airlock.installer.cluster.NodeFacts;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the registry's data lives: a claim on the cluster's default StorageClass or the one asked
 * for, or a directory on one node's disk ({@code --storage-node-path}), stated plainly; or, when
 * neither is possible, the problem and what to do.
 *
 * @param objects the volume objects in apply order (a PersistentVolume first for a node directory)
 * @param note how the data is stored, for the plan and the report
 * @param problem what keeps the plan from working, or null
 * @param onNode the node directory's node, or null
 */
record StoragePlan(List<HasMetadata> objects, String note, Phrase problem, String onNode) {

  static StoragePlan of(
      String namespace, RegistrySettings settings, ClusterFacts facts, String size, String host) {
    RegistrySettings.NodeStorage onNode = settings.nodeStorage();
    if (onNode != null) {
      String node = onNode.node() != null ? onNode.node() : host;
      Optional<NodeFacts> n = facts.nodes().stream().filter(x -> x.name().equals(node)).findFirst();
      if (node == null || n.isEmpty()) {
        return new StoragePlan(
            List.of(NodeVolume.claim(namespace, size)),
            size + " in " + onNode.path() + " on a node still to choose",
            node == null
                ? Phrase.of(
                    Setting.STORAGE_NODE_PATH,
                    " needs a node: give ",
                    Setting.STORAGE_NODE,
                    " (no node can host the seed injector to default to)")
                : Phrase.of(
                    Setting.STORAGE_NODE,
                    " "
                        + node
                        + " is not a node of this cluster (nodes: "
                        + String.join(", ", facts.nodes().stream().map(NodeFacts::name).toList())
                        + ")"),
            null);
      }
      String hostname = n.get().labels().getOrDefault("kubernetes.io/hostname", node);
      List<HasMetadata> objects = new ArrayList<>();
      objects.add(NodeVolume.volume(namespace, hostname, onNode.path(), size));
      objects.add(NodeVolume.claim(namespace, size));
      return new StoragePlan(
          objects,
          size
              + " in the directory "
              + onNode.path()
              + " of node "
              + node
              + ": the registry always runs on that node, and its data stays there after an"
              + " uninstall until someone deletes the directory",
          null,
          node);
    }
    String storageClass =
        settings.storageClass() != null
            ? settings.storageClass()
            : facts.policy().defaultStorageClass();
    Phrase problem = null;
    if (storageClass == null) {
      problem =
          Phrase.of(
              "No StorageClass for the registry volume: the cluster has no default one (StorageClasses: "
                  + (facts.policy().storageClasses().isEmpty()
                      ? "none"
                      : String.join(", ", facts.policy().storageClasses()))
                  + "); give ",
              Setting.STORAGE_CLASS,
              ", or ",
              Setting.STORAGE_NODE_PATH,
              " to keep the data in a directory of one node");
    }
    return new StoragePlan(
        List.of(RegistryObjects.volume(namespace, settings.storageClass(), size)),
        size
            + (storageClass == null
                ? ", StorageClass still to choose"
                : settings.storageClass() == null
                    ? " from the default StorageClass " + storageClass
                    : " from StorageClass " + storageClass),
        problem,
        null);
  }
}
