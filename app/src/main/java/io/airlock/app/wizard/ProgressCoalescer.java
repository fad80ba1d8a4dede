package io.airlock.app.wizard;

import io.airlock.core.progress.Notice;
import io.airlock.core.progress.ProgressEvent;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.progress.StepProgress;
import io.airlock.core.push.PushEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * Takes progress events on the worker threads and gives the UI at most four batches a second, on
 * the FX thread: the latest totals, the latest state and bytes of each artifact that changed, and
 * the log lines since the last batch. Receiving an event is a few lock-free writes, so a push at
 * full speed never waits for the window. A plain timer thread (not a JavaFX Timeline, which would
 * keep the scene pulsing at 60 Hz) hands a batch over only when something changed and the previous
 * one has been shown, so a busy window never builds a backlog.
 */
final class ProgressCoalescer implements ProgressListener {

  /** A quarter second: what the verification and unpacking bars use. */
  static final long INTERVAL_MILLIS = 250;

  /**
   * Half a second, for the push: every batch costs a repaint of the window, which without a GPU
   * (software rendering, Xvfb) took 30 to 60 ms of CPU each; at ten a second that slowed a push on
   * a 2-core machine by a fifth (bench/gui.sh).
   */
  static final long PUSH_INTERVAL_MILLIS = 500;

  /**
   * What changed since the last batch.
   *
   * @param artifactBytes bytes of its blobs in the registry so far, per artifact that moved
   */
  record Batch(
      PushEvent.Totals totals,
      StepProgress step,
      List<PushEvent.Artifact> artifacts,
      Map<String, Long> artifactBytes,
      List<String> lines,
      int retries) {}

  private final AtomicReference<PushEvent.Totals> totals = new AtomicReference<>();
  private final AtomicReference<StepProgress> step = new AtomicReference<>();
  private final ConcurrentLinkedQueue<PushEvent.Artifact> artifacts = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
  private final ArtifactBytes artifactBytes = new ArtifactBytes();
  private final AtomicInteger retries = new AtomicInteger();
  private final AtomicInteger batches = new AtomicInteger();
  private final AtomicBoolean dirty = new AtomicBoolean();
  private final AtomicBoolean queued = new AtomicBoolean();
  private final Consumer<Batch> ui;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "airlock-progress");
            t.setDaemon(true);
            return t;
          });

  private final long interval;

  ProgressCoalescer(Consumer<Batch> ui) {
    this(ui, INTERVAL_MILLIS);
  }

  ProgressCoalescer(Consumer<Batch> ui, long intervalMillis) {
    this.ui = ui;
    this.interval = intervalMillis;
  }

  /** Starts delivering batches. */
  void start() {
    timer.scheduleAtFixedRate(this::tick, interval, interval, TimeUnit.MILLISECONDS);
  }

  /** Delivers what is left and stops (call on the FX thread). */
  void stop() {
    timer.shutdownNow();
    flush();
  }

  private void tick() {
    if (dirty.get() && queued.compareAndSet(false, true)) {
      Platform.runLater(
          () -> {
            queued.set(false);
            flush();
          });
    }
  }

  /** How many batches the UI got: the test checks the rate. */
  int batches() {
    return batches.get();
  }

  @Override
  public void onEvent(ProgressEvent event) {
    dirty.set(true);
    if (event instanceof PushEvent.Totals t) {
      totals.set(t);
    } else if (event instanceof StepProgress s) {
      step.set(s);
    } else if (event instanceof PushEvent.Artifact a) {
      artifacts.add(a);
      if (a.state() == PushEvent.ArtifactState.DONE
          || a.state() == PushEvent.ArtifactState.ALREADY_PRESENT) {
        lines.add(
            (a.state() == PushEvent.ArtifactState.DONE ? "pushed " : "already there ")
                + a.target());
      }
    } else if (event instanceof PushEvent.BlobBytes b) {
      artifactBytes.advance(b.artifact(), b.digest(), b.doneBytes());
    } else if (event instanceof PushEvent.BlobDone b) {
      artifactBytes.advance(b.artifact(), b.digest(), b.size());
    } else if (event instanceof PushEvent.Retry r) {
      retries.incrementAndGet();
      lines.add(
          String.format(
              Locale.ROOT,
              "retry %d/%d in %.1f s: %s (%s)",
              r.attempt(),
              r.maxAttempts(),
              r.delayMillis() / 1000.0,
              r.action(),
              r.reason()));
    } else if (event instanceof PushEvent.Started s) {
      lines.add(
          "pushing "
              + s.artifacts()
              + " artifacts ("
              + s.blobs()
              + " blobs, "
              + io.airlock.core.Sizes.human(s.totalBytes())
              + ") to "
              + s.target());
    } else if (event instanceof Notice n) {
      lines.add((n.level() == Notice.Level.WARNING ? "warning: " : "") + n.message());
    }
  }

  private void flush() {
    dirty.set(false);
    PushEvent.Totals t = totals.getAndSet(null);
    StepProgress s = step.getAndSet(null);
    Map<String, PushEvent.Artifact> latest = new LinkedHashMap<>();
    for (PushEvent.Artifact a; (a = artifacts.poll()) != null; ) {
      latest.put(a.name(), a);
    }
    List<String> newLines = new ArrayList<>();
    for (String l; (l = lines.poll()) != null; ) {
      newLines.add(l);
    }
    Map<String, Long> moved = artifactBytes.drain();
    if (t == null && s == null && latest.isEmpty() && moved.isEmpty() && newLines.isEmpty()) {
      return;
    }
    batches.incrementAndGet();
    ui.accept(new Batch(t, s, List.copyOf(latest.values()), moved, newLines, retries.get()));
  }
}
