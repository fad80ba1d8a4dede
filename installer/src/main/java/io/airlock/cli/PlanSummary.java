package io.airlock.cli;

import io.airlock.core.Phrase;
import io.airlock.installer.apply.ApplyResult;
import io.airlock.installer.pipeline.Preflight;
import io.airlock.installer.plan.InstallPlan;
import io.airlock.installer.plan.NodeMirror;
import io.airlock.installer.plan.PlannedChange;
import java.io.PrintWriter;
import java.util.List;

/** How {@code airlock install --dry-run} shows a plan: the objects, the nodes, the verdicts. */
final class PlanSummary {

  private PlanSummary() {}

  static void print(Preflight.DryRun planned, PrintWriter w) {
    InstallPlan plan = planned.planned().plan();
    w.println("Mode      " + plan.mode().mode().id() + " (" + plan.mode().why() + ")");
    w.println("Registry  nodes pull from " + plan.registryAddress());
    w.println();
    Table t = new Table("#", "ACTION", "OBJECT", "WHY");
    int i = 1;
    for (PlannedChange c : plan.changes()) {
      t.add(
          String.valueOf(i++),
          c.action().name().toLowerCase(java.util.Locale.ROOT),
          c.describe(),
          c.note());
    }
    t.print(w);
    if (!plan.certificates().isEmpty()) {
      w.println();
      w.println("Certificates:");
      plan.certificates().forEach(c -> w.println("  " + c));
    }
    w.println();
    Table nodes = new Table("NODE", "RUNTIME", "MIRROR CONFIG", "FROM");
    for (NodeMirror m : plan.nodeMirrors()) {
      nodes.add(
          m.node(),
          m.runtime(),
          m.format() == null ? "-" : m.format().id(),
          m.configMap() == null ? m.note() : "ConfigMap " + m.configMap());
    }
    nodes.print(w);
    if (!plan.advice().consents().isEmpty()) {
      w.println();
      w.println("By choosing " + plan.mode().mode().id() + " you consent to:");
      Phrase.render(plan.advice().consents(), CliWords::of).forEach(c -> w.println("  - " + c));
    }
    plan.notes().forEach(n -> w.println("Note: " + n));
    List<ApplyResult> verdicts = planned.serverDryRun();
    if (!verdicts.isEmpty()) {
      w.println();
      w.println(
          "Server dry-run (dryRun=All, nothing stored): "
              + (verdicts.size() - planned.refused().size())
              + " of "
              + verdicts.size()
              + " object(s) accepted by the API server.");
      verdicts.stream()
          .filter(r -> r.accepted() && !r.detail().isEmpty())
          .map(r -> r.detail())
          .distinct()
          .forEach(d -> w.println("  " + d));
    }
    if (!plan.problems().isEmpty() || !planned.refused().isEmpty()) {
      w.println();
      w.println("To resolve before installing:");
      Phrase.render(plan.problems(), CliWords::of).forEach(p -> w.println("  - " + p));
      planned
          .refused()
          .forEach(
              r ->
                  w.println(
                      "  - The API server refuses " + r.change().describe() + ": " + r.detail()));
    } else {
      w.println();
      w.println(
          "Plan complete: "
              + plan.changes().size()
              + " change(s); nothing was changed ("
              + (verdicts.isEmpty() ? "dry-run" : "server dry-run")
              + ").");
    }
    w.flush();
  }
}
