package io.airlock.installer.charts;

import io.airlock.core.progress.ProgressEvent;

/** What a front end shows while Helm installs a release and waits for its workloads. */
public sealed interface ChartEvent extends ProgressEvent {

  /** Helm started installing or upgrading {@code release} to {@code chart} {@code version}. */
  record ReleaseStarted(
      String release, String namespace, String chart, String version, boolean upgrade)
      implements ChartEvent {}

  /**
   * A pod of the release changed.
   *
   * @param scheduled on a node
   * @param pulled how many of its containers have their image
   * @param ready how many are ready, of {@code containers}
   * @param waiting why a container waits (ImagePullBackOff, CrashLoopBackOff...), or null
   */
  record PodProgress(
      String release,
      String pod,
      String phase,
      boolean scheduled,
      int pulled,
      int ready,
      int containers,
      int restarts,
      String waiting)
      implements ChartEvent {

    /** "pod hello-5d8 Running: scheduled, 1/1 image(s) pulled, 1/1 ready, 0 restart(s)". */
    public String line() {
      return "pod "
          + pod
          + " "
          + phase
          + (waiting == null ? "" : " (" + waiting + ")")
          + ": "
          + (scheduled ? "scheduled" : "not scheduled")
          + ", "
          + pulled
          + "/"
          + containers
          + " image(s) pulled, "
          + ready
          + "/"
          + containers
          + " ready, "
          + restarts
          + " restart(s)";
    }
  }

  /** Helm finished: {@code status} as Helm gives it (deployed, failed...), the revision. */
  record ReleaseDone(String release, String namespace, String status, String revision)
      implements ChartEvent {}
}
