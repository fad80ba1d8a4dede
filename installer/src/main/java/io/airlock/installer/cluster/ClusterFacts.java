package io.airlock.installer.cluster;

import io.airlock.installer.state.InstallState;
import java.util.List;

/**
 * Everything {@code airlock cluster probe} learned.
 *
 * @param installed what an earlier Airlock run recorded in the cluster, or null
 * @param warnings what could not be learned, and why
 */
public record ClusterFacts(
    String server,
    ServerVersion version,
    DistroDetector.Detected distro,
    List<NodeFacts> nodes,
    NetworkFacts network,
    PolicyFacts policy,
    InstallState installed,
    List<String> warnings) {

  public ClusterFacts {
    nodes = List.copyOf(nodes);
    warnings = List.copyOf(warnings);
  }

  public Distro distroKind() {
    return distro.distro();
  }
}
