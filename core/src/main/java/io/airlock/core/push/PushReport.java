package io.airlock.core.push;

import io.airlock.core.digest.Digest;
import java.time.Duration;
import java.util.List;

/**
 * What a push did.
 *
 * @param artifacts every image, chart and signature considered, in push order
 * @param sentBytes bytes actually sent
 * @param resumedUploads uploads continued from a previous, interrupted run
 */
public record PushReport(
    String target,
    List<Pushed> artifacts,
    int blobsUploaded,
    int blobsMounted,
    int blobsPresent,
    int resumedUploads,
    long sentBytes,
    Duration elapsed,
    boolean verified) {

  public PushReport {
    artifacts = List.copyOf(artifacts);
  }

  /** One image, chart or signature and where it went. */
  public record Pushed(
      String name, String kind, String targetRef, Digest digest, boolean alreadyPresent) {}

  public long pushedCount() {
    return artifacts.stream().filter(a -> !a.alreadyPresent()).count();
  }

  public long presentCount() {
    return artifacts.stream().filter(Pushed::alreadyPresent).count();
  }
}
