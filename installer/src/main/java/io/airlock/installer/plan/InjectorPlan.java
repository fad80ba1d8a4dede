package io.airlock.installer.plan;

import io.airlock.core.Phrase;
import io.airlock.core.Setting;
import io.airlock.installer.cluster.ClusterFacts;
import io.airlock.installer.cluster.NodeFacts;
import io.airlock.installer.mode.RegistryMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The seed injector's objects: its binaries and payload chunks as ConfigMaps, and where it runs
 * (one pod on a host node in mode nodeport, a DaemonSet per architecture in the proxy modes).
 */
final class InjectorPlan {

  private InjectorPlan() {}

  /**
   * The injector's objects; returns the node of the injector pod (nodeport mode) or the node a
   * proxy mode's seed would put it on (the default node of a node directory for the data), or null.
   */
  static String plan(PlanInput in, RegistryMode mode, String seedAddress, PlanChanges changes) {
    String ns = in.namespace();
    SeedInput seed = in.seed();
    ClusterFacts f = in.facts();
    Set<String> archs =
        seed != null
            ? seed.binaries().keySet()
            : new TreeSet<>(f.nodes().stream().map(NodeFacts::architecture).toList());
    if (seed == null) {
      changes.problem(
          Phrase.of(
              "No seed payload given (",
              Setting.SEED_PAYLOAD,
              " and ",
              Setting.INJECTOR,
              "): the injector ConfigMaps in the plan are placeholders without content"));
    }
    for (String arch : archs) {
      changes.want(
          InjectorObjects.binary(ns, arch, seed == null ? null : seed.binaries().get(arch)),
          "the injector binary for " + arch);
    }
    int chunks = seed == null ? 1 : seed.chunkCount();
    changes.want(
        InjectorObjects.sums(ns, seed),
        "the SHA-256 of each payload chunk; the injector refuses to serve on any mismatch");
    for (int i = 0; i < chunks; i++) {
      // Chunk bytes are read from the payload when applied, one at a time.
      changes.want(
          InjectorObjects.chunk(ns, seed, i, false),
          "payload chunk "
              + (i + 1)
              + " of "
              + chunks
              + (seed == null ? "" : ", " + seed.chunkSize(i) + " bytes"));
    }
    if (mode == RegistryMode.NODEPORT) {
      Optional<InjectorPlacement> host =
          InjectorPlacement.hostNode(f.nodes(), seed == null ? Set.of() : archs);
      if (host.isEmpty()) {
        changes.problem(
            "No node can host the seed injector: it needs a Ready, schedulable node of architecture "
                + archs
                + " that already holds an image with a tag (status.images), such as a pause image");
        return null;
      }
      io.fabric8.kubernetes.api.model.Pod pod = InjectorObjects.pod(ns, host.get(), chunks);
      if (seed != null) {
        // A new payload needs a new pod: a pod's volumes cannot change.
        pod.getMetadata()
            .setAnnotations(Map.of(InjectorObjects.PAYLOAD_ANNOTATION, seed.payloadSha256()));
      }
      changes.want(
          pod,
          "on node "
              + host.get().node()
              + " in the image "
              + host.get().image()
              + ", already there");
      changes.want(
          InjectorObjects.seedService(ns),
          "NodePort "
              + InjectorObjects.SEED_NODE_PORT
              + ": nodes pull the registry image from "
              + seedAddress);
      return host.get().node();
    } else {
      List<InjectorPlacement> placements =
          InjectorPlacement.perArchitecture(f.nodes(), seed == null ? Set.of() : archs);
      if (placements.isEmpty()) {
        changes.problem(
            "No image is present on every node to run the seed injector in (status.images)");
      }
      for (InjectorPlacement p : placements) {
        changes.want(
            InjectorObjects.daemonSet(ns, p, chunks),
            "on every " + p.architecture() + " node in " + p.image() + ", serving " + seedAddress);
      }
      Set<String> missing =
          new TreeSet<>(
              f.nodes().stream().filter(NodeFacts::ready).map(NodeFacts::architecture).toList());
      placements.forEach(p -> missing.remove(p.architecture()));
      if (!missing.isEmpty()) {
        changes.problem(
            "No seed injector for nodes of architecture "
                + missing
                + " (no injector binary, or no image common to those nodes)");
      }
      // The injector runs everywhere: a node directory for the data defaults to the node the
      // nodeport mode would choose, so a switch between the modes keeps the same node.
      return InjectorPlacement.hostNode(f.nodes(), seed == null ? Set.of() : archs)
          .map(InjectorPlacement::node)
          .orElse(null);
    }
  }
}
