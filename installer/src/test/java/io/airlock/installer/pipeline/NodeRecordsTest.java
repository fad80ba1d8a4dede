package io.airlock.installer.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.airlock.installer.mirrors.MirrorFormat;
import io.airlock.installer.mirrors.MirrorTarget;
import io.airlock.installer.nodes.NodeConsent;
import io.airlock.installer.nodes.NodeFiles;
import io.airlock.installer.nodes.NodeReport;
import io.airlock.installer.state.InstallState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the state keeps of a node across runs: what uninstall must undo, not what this run did. */
class NodeRecordsTest {

  static final NodeFiles FILES =
      NodeFiles.of(
          MirrorFormat.CONTAINERD,
          new MirrorTarget(
              "127.0.0.1:31999", true, null, false, "", false, List.of("docker.io", "ghcr.io")),
          NodeConsent.defaults());

  static NodeReport report(String docker, boolean backup, String ghcr, List<String> dirs) {
    return new NodeReport(
        "n1",
        FILES.root(),
        List.of(
            new NodeReport.Entry("docker.io/hosts.toml", docker, backup),
            new NodeReport.Entry("ghcr.io/hosts.toml", ghcr, false)),
        dirs.stream().map(d -> new NodeReport.Entry(d, "created", false)).toList(),
        FILES.root(),
        null);
  }

  @Test
  void aSecondRunKeepsWhatTheFirstChanged() {
    InstallState.NodeConfig first =
        NodeRecords.merge(
            null, report("replaced", true, "created", List.of("ghcr.io")), FILES, "img", null);
    assertEquals(
        List.of("replaced", "created"),
        first.files().stream().map(InstallState.NodeFile::action).toList());
    assertEquals(FILES.files().get(1).sha256(), first.files().get(1).sha256());
    InstallState.NodeConfig second =
        NodeRecords.merge(
            first, report("unchanged", true, "unchanged", List.of()), FILES, "img2", null);
    assertEquals(
        List.of("replaced", "created"),
        second.files().stream().map(InstallState.NodeFile::action).toList());
    assertEquals(List.of("ghcr.io"), second.dirs());
    assertEquals("img2", second.image());
  }

  /** A file the site already had with the same bytes is the site's: uninstall leaves it. */
  @Test
  void anIdenticalFileOfTheSitesIsKept() {
    InstallState.NodeConfig r =
        NodeRecords.merge(
            null, report("unchanged", false, "created", List.of()), FILES, "img", null);
    assertEquals("kept", r.files().get(0).action());
  }
}
