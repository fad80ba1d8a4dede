package io.airlock.installer.plan;

import io.airlock.installer.cluster.Distro;
import io.airlock.installer.cluster.NodeFacts;
import io.airlock.installer.mirrors.MirrorFormat;

/**
 * The mirror configuration one node needs.
 *
 * @param format null when Airlock has no format for the node's runtime
 * @param configMap the ConfigMap in the plan holding the files, or null
 */
public record NodeMirror(
    String node, String runtime, MirrorFormat format, String configMap, String note) {

  /** The format a node needs (from its distribution and runtime), or null when Airlock has none. */
  public static MirrorFormat formatFor(NodeFacts node, Distro distro) {
    return MirrorObjects.formatFor(node, distro);
  }
}
