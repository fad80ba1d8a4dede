package io.airlock.core.push;

import io.airlock.core.progress.ProgressListener;

/**
 * Turns one upload's byte count into totals and {@link PushEvent.BlobBytes} events: one as the
 * blob's first bytes go out (a person sees the upload start at once, not after its first percent),
 * then every 1% or 8 MiB; none for the last bytes, which {@link PushEvent.BlobDone} follows. Bytes
 * sent again after a retry are not counted twice.
 */
final class BlobProgress {

  private static final long STEP = 8L << 20;

  private final String artifact;
  private final PushPlan.Blob blob;
  private final PushTotals totals;
  private final ProgressListener listener;
  private final long step;
  private long credited;
  private long nextEvent;

  BlobProgress(String artifact, PushPlan.Blob blob, PushTotals totals, ProgressListener listener) {
    this.artifact = artifact;
    this.blob = blob;
    this.totals = totals;
    this.listener = listener;
    this.step = Math.max(1, Math.min(STEP, blob.size() / 100));
    this.nextEvent = 1;
  }

  /** The upload reached {@code offset} bytes of the blob. */
  synchronized void advance(long offset) {
    if (offset > credited) {
      totals.moved(offset - credited);
      credited = offset;
    }
    if (offset >= nextEvent && offset < blob.size()) {
      nextEvent = offset + step;
      listener.onEvent(new PushEvent.BlobBytes(artifact, blob.digest(), offset, blob.size()));
    }
  }

  /** The blob is in the registry: whatever was not sent counts as done too. */
  synchronized void finish() {
    if (credited < blob.size()) {
      totals.credit(blob.size() - credited);
      credited = blob.size();
    }
  }
}
