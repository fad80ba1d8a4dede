package io.airlock.installer.pipeline;

import io.airlock.core.push.PushReport;
import io.airlock.installer.report.InstallReport;
import io.airlock.installer.report.ReportWriter;
import java.nio.file.Path;

/**
 * What a finished installation leaves.
 *
 * @param report the report as saved, or null when the request asked for none
 * @param written where it was saved, or null
 * @param mirrorsDir the node mirror configuration, one directory per format, or null
 * @param releases the Helm releases the run installed or upgraded
 */
public record InstallOutcome(
    InstallReport report,
    ReportWriter.Written written,
    PushReport pushed,
    Path mirrorsDir,
    java.util.List<io.airlock.installer.state.InstallState.InstalledRelease> releases) {

  public InstallOutcome {
    releases = java.util.List.copyOf(releases);
  }
}
