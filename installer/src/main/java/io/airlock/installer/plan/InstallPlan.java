package io.airlock.installer.plan;

import io.airlock.core.Phrase;
import io.airlock.installer.mirrors.MirrorTarget;
import io.airlock.installer.mode.ModeAdvice;
import io.airlock.installer.mode.ModeChoice;
import io.airlock.installer.pki.PkiChange;
import java.util.List;

/**
 * Everything an install would do, in apply order, without having done any of it.
 *
 * @param target what the nodes pull from, and the mirror configuration points at
 * @param problems what must be resolved before installing (the dry-run exits 1 when any)
 * @param notes what a person should know: skipped features, consents given, node steps
 */
public record InstallPlan(
    ModeChoice mode,
    ModeAdvice advice,
    String registryAddress,
    MirrorTarget target,
    List<PlannedChange> changes,
    List<NodeMirror> nodeMirrors,
    List<PkiChange> certificates,
    List<Phrase> problems,
    List<String> notes) {

  public InstallPlan {
    changes = List.copyOf(changes);
    nodeMirrors = List.copyOf(nodeMirrors);
    certificates = List.copyOf(certificates);
    problems = List.copyOf(problems);
    notes = List.copyOf(notes);
  }
}
