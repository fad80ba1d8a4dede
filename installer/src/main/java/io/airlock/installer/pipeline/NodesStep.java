package io.airlock.installer.pipeline;

import io.airlock.core.AirlockException;
import io.airlock.core.RemoteFailureException;
import io.airlock.installer.mirrors.MirrorFormat;
import io.airlock.installer.nodes.NodeConsent;
import io.airlock.installer.nodes.NodeFiles;
import io.airlock.installer.nodes.NodeJob;
import io.airlock.installer.nodes.NodeJobs;
import io.airlock.installer.nodes.NodeReport;
import io.airlock.installer.plan.NodeMirror;
import io.airlock.installer.state.InstallState;
import java.io.InterruptedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * With the person's consent ({@code --configure-nodes}): writes each node's mirror files with a
 * one-shot DaemonSet per runtime running airlock-nodecfg, pulled from the registry like any image;
 * records per node what changed (uninstall puts it back) and what the runtime needs before it reads
 * the files. Talos nodes are configured through their API: the step names the command.
 */
final class NodesStep implements InstallStep {

  @Override
  public String id() {
    return "nodes";
  }

  @Override
  public String title() {
    return "Write the mirror files onto the nodes";
  }

  @Override
  public Result run(InstallRun run) throws AirlockException, InterruptedIOException {
    NodeConsent consent = run.request().cluster().nodes();
    Map<MirrorFormat, List<String>> byFormat = new LinkedHashMap<>();
    for (NodeMirror m : run.plan.nodeMirrors()) {
      if (m.format() != null) {
        byFormat.computeIfAbsent(m.format(), f -> new ArrayList<>()).add(m.node());
      }
    }
    List<String> talos = byFormat.remove(MirrorFormat.TALOS);
    if (talos != null) {
      String patch =
          run.mirrorsDir == null
              ? "airlock-registries.patch.yaml of the node artifacts (format talos)"
              : run.mirrorsDir.resolve("talos/airlock-registries.patch.yaml").toString();
      run.nextStep(
          String.format(
              java.util.Locale.ROOT,
              "Talos nodes take their mirrors through the Talos API, not their disk: talosctl patch machineconfig --nodes %s --patch @%s",
              String.join(",", talos),
              patch));
    }
    if (byFormat.isEmpty()) {
      return Result.skipped(
          talos == null
              ? "no node has a runtime Airlock writes files for"
              : "Talos only: the command is in the next steps");
    }
    String image = NodeImagePush.push(run);
    run.note("nodes pull the node program as " + image);
    String ns = run.request().cluster().namespace();
    Map<String, InstallState.NodeConfig> before = new LinkedHashMap<>();
    if (run.facts.installed() != null) {
      run.facts.installed().nodes().forEach(n -> before.put(n.node() + " " + n.format(), n));
    }
    List<InstallState.NodeConfig> done = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    int changed = 0;
    for (Map.Entry<MirrorFormat, List<String>> e : byFormat.entrySet()) {
      NodeFiles files = NodeFiles.of(e.getKey(), run.mirrorTarget, consent);
      List<NodeReport> reports =
          NodeJobs.run(
              run.connection(),
              NodeJob.apply(ns, image, files, consent, e.getValue()),
              e.getValue(),
              run.request().cluster().readyTimeout(),
              run::note);
      for (NodeReport r : reports) {
        if (r.error() != null) {
          failed.add(r.node() + " (" + e.getKey().id() + "): " + r.error());
          continue;
        }
        String restart = r.changed() ? files.restart(r.configPath()) : null;
        if (r.changed()) {
          changed++;
        }
        InstallState.NodeConfig record =
            NodeRecords.merge(
                before.get(r.node() + " " + e.getKey().id()), r, files, image, restart);
        done.add(record);
        run.reportNote(NodeRecords.describe(r));
        if (restart != null) {
          run.nextStep("Node " + r.node() + ": " + restart + ".");
        }
      }
    }
    List<InstallState.NodeConfig> all = NodeRecords.union(before.values(), done);
    run.nodeConfigs = all;
    if (!failed.isEmpty()) {
      StateRecord.save(
          run,
          StateRecord.planned(run)
              .withNodes(all)
              .withStatus(InstallState.INSTALLING, Instant.now().toString()));
      throw new RemoteFailureException(
          "Airlock could not write the mirror files on "
              + failed.size()
              + " node(s): "
              + String.join("; ", failed)
              + ".",
          "What it wrote elsewhere is recorded (uninstall puts it back). Fix the cause and run"
              + " install again, or prepare those nodes by hand with the README in the report's"
              + " mirrors directory.");
    }
    return Result.done(
        done.size()
            + " node(s) configured, "
            + changed
            + " changed; the node program's DaemonSets are gone");
  }
}
