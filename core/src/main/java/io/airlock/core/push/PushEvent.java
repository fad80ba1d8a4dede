package io.airlock.core.push;

import io.airlock.core.digest.Digest;
import io.airlock.core.progress.ProgressEvent;

/**
 * What a push tells its listener, on whichever worker thread the news happens. Listeners must
 * return at once: renderers throttle, the transfer never waits for them.
 */
public sealed interface PushEvent extends ProgressEvent {

  /** The push is planned and about to start. */
  record Started(String target, int artifacts, int blobs, long totalBytes) implements PushEvent {}

  /** What is happening to one image, chart or signature. */
  enum ArtifactState {
    CHECKING,
    UPLOADING,
    MANIFESTS,
    DONE,
    ALREADY_PRESENT,
    VERIFIED
  }

  /**
   * An image, chart, signature or referrer changed state.
   *
   * @param name how the bundle names it, e.g. {@code docker.io/library/nginx:1.25}
   * @param target where it goes, e.g. {@code 127.0.0.1:5000/mirror/docker.io/library/nginx:1.25}
   */
  record Artifact(String name, String target, Digest digest, ArtifactState state)
      implements PushEvent {}

  /** Bytes of one blob sent so far (the registry may already hold part of it when resuming). */
  record BlobBytes(String artifact, Digest digest, long doneBytes, long totalBytes)
      implements PushEvent {}

  /** How a blob got to the registry. */
  enum BlobOutcome {
    /** Sent in full. */
    UPLOADED,
    /** An interrupted upload was continued where the registry had it. */
    RESUMED,
    /** Linked from another repository of the same registry; no bytes sent. */
    MOUNTED,
    /** The repository already had it. */
    PRESENT
  }

  record BlobDone(String artifact, Digest digest, long size, BlobOutcome outcome)
      implements PushEvent {}

  /**
   * Totals, at most a few times a second.
   *
   * @param doneBytes bytes handled (sent, mounted or found present)
   * @param sentBytes bytes actually sent in this run
   * @param bytesPerSecond recent send rate
   * @param etaSeconds estimated seconds left, or -1 when unknown
   */
  record Totals(
      long doneBytes,
      long totalBytes,
      long sentBytes,
      double bytesPerSecond,
      long etaSeconds,
      int artifactsDone,
      int artifactsTotal)
      implements PushEvent {}

  /** A request failed and will be tried again after {@code delayMillis}. */
  record Retry(String action, int attempt, int maxAttempts, long delayMillis, String reason)
      implements PushEvent {}

  /** The push ended well. */
  record Finished(PushReport report) implements PushEvent {}
}
