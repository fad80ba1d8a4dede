package io.airlock.installer.pipeline;

import io.airlock.installer.nodes.NodeFiles;
import io.airlock.installer.nodes.NodeReport;
import io.airlock.installer.state.InstallState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the state Secret keeps of the nodes' changes, across runs. */
final class NodeRecords {

  private NodeRecords() {}

  /**
   * One node's record after a run: a file an earlier run created or replaced keeps that action (it
   * reads "unchanged" now, but uninstall must still put back the site's file or remove Airlock's).
   */
  static InstallState.NodeConfig merge(
      InstallState.NodeConfig earlier,
      NodeReport r,
      NodeFiles files,
      String image,
      String restart) {
    Map<String, String> sha = new LinkedHashMap<>();
    files.files().forEach(f -> sha.put(f.path(), f.sha256()));
    Map<String, InstallState.NodeFile> byPath = new LinkedHashMap<>();
    if (earlier != null) {
      earlier.files().forEach(f -> byPath.put(f.path(), f));
    }
    for (NodeReport.Entry e : r.files()) {
      InstallState.NodeFile old = byPath.get(e.path());
      String action =
          "unchanged".equals(e.action()) ? (old == null ? "kept" : old.action()) : e.action();
      if (old != null && "replaced".equals(old.action())) {
        action = "replaced"; // the backup is the site's file from before the first run
      }
      if (e.backup() && !"replaced".equals(action)) {
        action = "replaced";
      }
      byPath.put(e.path(), new InstallState.NodeFile(e.path(), action, sha.get(e.path())));
    }
    Set<String> dirs = new LinkedHashSet<>();
    if (earlier != null) {
      dirs.addAll(earlier.dirs());
    }
    r.dirs().forEach(d -> dirs.add(d.path()));
    return new InstallState.NodeConfig(
        r.node(),
        files.format().id(),
        files.root(),
        image,
        new ArrayList<>(byPath.values()),
        new ArrayList<>(dirs),
        restart != null ? restart : earlier == null ? null : earlier.restart());
  }

  /** The records of this run, and those of earlier runs for nodes it did not touch. */
  static List<InstallState.NodeConfig> union(
      Collection<InstallState.NodeConfig> earlier, List<InstallState.NodeConfig> now) {
    Map<String, InstallState.NodeConfig> all = new LinkedHashMap<>();
    earlier.forEach(n -> all.put(n.node() + " " + n.format(), n));
    now.forEach(n -> all.put(n.node() + " " + n.format(), n));
    return new ArrayList<>(all.values());
  }

  static String describe(NodeReport r) {
    return "Node "
        + r.node()
        + ": "
        + r.summary()
        + (r.files().stream().anyMatch(NodeReport.Entry::backup)
            ? " (the site's files kept beside them as FILE.airlock-backup)"
            : "");
  }
}
