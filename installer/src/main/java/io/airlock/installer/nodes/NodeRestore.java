package io.airlock.installer.nodes;

import io.airlock.core.AirlockException;
import io.airlock.core.RemoteFailureException;
import io.airlock.installer.cluster.KubeConnection;
import io.airlock.installer.mirrors.MirrorFormat;
import io.airlock.installer.state.InstallState;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Puts the nodes' configuration back as the state Secret records it: with the same node program,
 * one DaemonSet per distinct set of changes. Runs while the registry still serves its image.
 */
public final class NodeRestore {

  private NodeRestore() {}

  /**
   * @return one line per node saying what it put back
   * @throws RemoteFailureException when a node could not be restored (nothing else is removed then,
   *     so a second uninstall can try again)
   */
  public static List<String> restore(
      KubeConnection connection,
      String namespace,
      List<InstallState.NodeConfig> nodes,
      Duration timeout,
      Consumer<String> note)
      throws AirlockException, InterruptedIOException {
    Map<String, List<InstallState.NodeConfig>> groups = new LinkedHashMap<>();
    for (InstallState.NodeConfig n : nodes) {
      groups.computeIfAbsent(key(n), k -> new ArrayList<>()).add(n);
    }
    List<String> lines = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (List<InstallState.NodeConfig> group : groups.values()) {
      InstallState.NodeConfig first = group.get(0);
      List<String> restore = new ArrayList<>();
      List<String> remove = new ArrayList<>();
      for (InstallState.NodeFile f : first.files()) {
        if ("replaced".equals(f.action())) {
          restore.add(f.path());
        } else if ("created".equals(f.action())) {
          remove.add(f.path() + "=" + f.sha256());
        }
      }
      if (restore.isEmpty() && remove.isEmpty() && first.dirs().isEmpty()) {
        continue;
      }
      List<String> names = group.stream().map(InstallState.NodeConfig::node).toList();
      NodeJob job =
          NodeJob.restore(
              namespace,
              first.image(),
              MirrorFormat.parse(first.format()),
              first.root(),
              names,
              restore,
              remove,
              first.dirs());
      for (NodeReport r : NodeJobs.run(connection, job, names, timeout, note)) {
        if (r.error() != null) {
          failed.add(r.node() + ": " + r.error());
        } else {
          lines.add("Node " + r.node() + ": " + r.summary());
        }
      }
    }
    if (!failed.isEmpty()) {
      throw new RemoteFailureException(
          "Airlock could not put the mirror files back on "
              + failed.size()
              + " node(s): "
              + String.join("; ", failed)
              + ". Nothing was removed.",
          "Fix the cause and run uninstall again; or uninstall leaving the nodes' files as they"
              + " are and put them back by hand (each replaced file is beside it as"
              + " FILE.airlock-backup).");
    }
    return lines;
  }

  /** Nodes whose changes were the same share one DaemonSet. */
  private static String key(InstallState.NodeConfig n) {
    return n.format() + "|" + n.root() + "|" + n.image() + "|" + n.files() + "|" + n.dirs();
  }
}
