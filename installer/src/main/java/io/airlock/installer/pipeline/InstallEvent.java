package io.airlock.installer.pipeline;

import io.airlock.core.progress.ProgressEvent;

/**
 * What the install pipeline tells its listener about its steps, beside the events the steps
 * themselves pass on (push progress, notices). A renderer shows each step with its state.
 */
public sealed interface InstallEvent extends ProgressEvent {

  /** The steps this run will walk, in order, before the first starts. */
  record Planned(java.util.List<StepInfo> steps) implements InstallEvent {
    public Planned {
      steps = java.util.List.copyOf(steps);
    }
  }

  /** A step began. */
  record StepStarted(String step, String title) implements InstallEvent {}

  /** Something a person should see while a step runs: what it waits for, what it found. */
  record StepNote(String step, String message) implements InstallEvent {}

  /**
   * A step ended.
   *
   * @param detail one line: what it did, or why it failed
   */
  record StepFinished(String step, String title, StepStatus status, String detail, long millis)
      implements InstallEvent {}

  /** A step's id and title, as front ends list them. */
  record StepInfo(String id, String title) {}
}
