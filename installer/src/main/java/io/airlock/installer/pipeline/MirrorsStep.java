package io.airlock.installer.pipeline;

import io.airlock.core.AirlockException;
import io.airlock.installer.mirrors.MirrorConfig;
import io.airlock.installer.mirrors.MirrorConfigs;
import io.airlock.installer.mirrors.MirrorFormat;
import io.airlock.installer.mirrors.MirrorTarget;
import io.airlock.installer.mirrors.NodeArtifacts;
import io.airlock.installer.plan.NodeMirror;
import io.airlock.installer.report.InstallReport;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The nodes' mirror configuration: with a cluster, one format per kind of node it has (as the plan
 * says); without, every format. Kept for the report and, when there is a report directory, written
 * there, one directory per format with the files at their node paths.
 */
final class MirrorsStep implements InstallStep {

  @Override
  public String id() {
    return "mirrors";
  }

  @Override
  public String title() {
    return "Mirror configuration for the nodes";
  }

  @Override
  public Result run(InstallRun run) throws AirlockException, java.io.InterruptedIOException {
    MirrorTarget target;
    Map<MirrorFormat, List<String>> formats = new LinkedHashMap<>();
    if (run.plan != null) {
      ClusterChanges.apply(run, io.airlock.installer.plan.PlanParts.Part.MIRRORS);
      target = run.plan.target();
      for (NodeMirror m : run.plan.nodeMirrors()) {
        if (m.format() != null) {
          formats.computeIfAbsent(m.format(), f -> new ArrayList<>()).add(m.node());
        }
      }
    } else {
      target =
          run.pushTarget.mirrorTarget(
              io.airlock.installer.plan.BundleSummary.of(run.bundle()).upstreams());
      for (MirrorFormat f : MirrorFormat.values()) {
        formats.put(f, List.of());
      }
    }
    run.mirrorTarget = target;
    List<InstallReport.MirrorFormatFiles> files = new ArrayList<>();
    Path dir =
        run.request().reportDir() == null
            ? null
            : run.request()
                .reportDir()
                .resolve(
                    "mirrors-"
                        + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
                            .withZone(ZoneOffset.UTC)
                            .format(run.started()));
    for (Map.Entry<MirrorFormat, List<String>> e : formats.entrySet()) {
      MirrorConfig config = MirrorConfigs.of(e.getKey(), target);
      files.add(
          new InstallReport.MirrorFormatFiles(
              e.getKey().id(),
              e.getValue(),
              config.files().stream()
                  .map(f -> new InstallReport.MirrorFileText(f.nodePath(), f.text()))
                  .toList(),
              config.steps()));
    }
    if (dir != null && !formats.isEmpty()) {
      new NodeArtifacts(
              target,
              List.copyOf(formats.keySet()),
              run.bundle().images().isEmpty() ? null : run.bundle().images().get(0).ref())
          .write(dir, true, "");
    }
    run.mirrorFiles = List.copyOf(files);
    String what =
        formats.size()
            + " format(s) ("
            + String.join(", ", formats.keySet().stream().map(MirrorFormat::id).toList())
            + "), pointing at "
            + target.baseUrl();
    if (formats.isEmpty()) {
      return Result.skipped("no node has a runtime Airlock writes mirror files for");
    }
    if (dir != null) {
      run.mirrorsDir = dir;
      run.output(
          "mirror configuration (one directory per format, with "
              + NodeArtifacts.README
              + " and "
              + NodeArtifacts.SUMS
              + ")",
          dir);
      MirrorFormat first = formats.keySet().iterator().next();
      run.nextStep(
          "Copy the mirror configuration of each node's runtime from "
              + dir
              + " onto the node's root (e.g. "
              + dir.resolve(first.id())
              + "/etc/... to /etc/...), then do the steps it names: "
              + dir.resolve(NodeArtifacts.README)
              + " has the exact commands.");
      return Result.done(what + "; written to " + dir);
    }
    return Result.done(what);
  }
}
