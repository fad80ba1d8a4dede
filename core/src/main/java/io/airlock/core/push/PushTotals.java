package io.airlock.core.push;

import io.airlock.core.progress.ProgressListener;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts bytes as the push goes and tells the listener the totals, throughput and time left a few
 * times a second. Counting is a few atomic adds: the transfer never waits for it.
 */
final class PushTotals {

  private static final long INTERVAL_NANOS = 250_000_000L;
  private static final long WINDOW_NANOS = 5_000_000_000L;

  private final ProgressListener listener;
  private final int artifactsTotal;
  private final AtomicInteger artifactsDone;
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong moved = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong lastEmit = new AtomicLong();
  private volatile long total;

  /** Recent (time, bytes moved) samples: the rate is taken over the last few seconds. */
  private final java.util.ArrayDeque<long[]> samples = new java.util.ArrayDeque<>();

  PushTotals(ProgressListener listener, int artifactsTotal, AtomicInteger artifactsDone) {
    this.listener = listener;
    this.artifactsTotal = artifactsTotal;
    this.artifactsDone = artifactsDone;
  }

  void start(long totalBytes) {
    total = totalBytes;
    long now = System.nanoTime();
    samples.add(new long[] {now, 0});
    lastEmit.set(now);
  }

  /** Bytes handled without sending them (present, mounted, manifests). */
  void credit(long bytes) {
    done.addAndGet(bytes);
  }

  /** Bytes that just went to the registry. */
  void moved(long bytes) {
    done.addAndGet(bytes);
    moved.addAndGet(bytes);
    emit(false);
  }

  /** Bytes an upload put on the wire in all, retries included. */
  void sent(long bytes) {
    sent.addAndGet(bytes);
  }

  long sentBytes() {
    return sent.get();
  }

  /** Tells the listener, unless it was told less than a quarter second ago. */
  void emit(boolean force) {
    long now = System.nanoTime();
    long last = lastEmit.get();
    if (!force && (now - last < INTERVAL_NANOS || !lastEmit.compareAndSet(last, now))) {
      return;
    }
    double bytesPerSecond;
    synchronized (this) {
      long m = moved.get();
      samples.addLast(new long[] {now, m});
      while (samples.size() > 2 && now - samples.peekFirst()[0] > WINDOW_NANOS) {
        samples.removeFirst();
      }
      long[] oldest = samples.peekFirst();
      long elapsed = now - oldest[0];
      bytesPerSecond = elapsed > 0 ? (m - oldest[1]) * 1e9 / elapsed : 0;
    }
    long d = Math.min(done.get(), total);
    long eta = bytesPerSecond > 1 ? (long) Math.ceil((total - d) / bytesPerSecond) : -1;
    listener.onEvent(
        new PushEvent.Totals(
            d, total, sent.get(), bytesPerSecond, eta, artifactsDone.get(), artifactsTotal));
  }
}
