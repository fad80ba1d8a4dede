package io.airlock.cli;

import io.airlock.core.Sizes;
import io.airlock.core.progress.Notice;
import io.airlock.core.progress.ProgressEvent;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.push.PushEvent;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a push on stderr. On a terminal: a line per finished image above a live block (a total
 * bar with rate and time left, and a bar per image in flight), redrawn at most ten times a second.
 * Otherwise: a line per finished image and a totals line every five seconds, so logs stay short.
 * Events come from the worker threads; each is a few field updates, drawing is throttled.
 */
final class PushConsole implements ProgressListener, AutoCloseable {

  private static final long TERMINAL_INTERVAL_NANOS = 100_000_000L;
  private static final long LOG_INTERVAL_NANOS = 5_000_000_000L;
  private static final int BAR = 28;
  private static final int MAX_ACTIVE_LINES = 8;

  private final PrintWriter err;
  private final boolean terminal;
  private final Map<String, Active> active = new LinkedHashMap<>();
  private PushEvent.Totals totals;
  private String target = "";
  private long lastDraw;
  private int drawnLines;

  /** An image in flight: bytes of its blobs sent so far. */
  private static final class Active {
    final Map<String, long[]> blobs = new LinkedHashMap<>();
    String state = "checking";

    long done() {
      return blobs.values().stream().mapToLong(b -> b[0]).sum();
    }

    long total() {
      return blobs.values().stream().mapToLong(b -> b[1]).sum();
    }
  }

  PushConsole(PrintWriter err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  @Override
  public synchronized void onEvent(ProgressEvent event) {
    if (event instanceof PushEvent.Started s) {
      target = s.target();
      println(
          "Pushing "
              + s.artifacts()
              + " images, charts and signatures ("
              + Sizes.human(s.totalBytes())
              + ", "
              + s.blobs()
              + " blobs) to "
              + s.target());
    } else if (event instanceof PushEvent.Artifact a) {
      artifact(a);
    } else if (event instanceof PushEvent.BlobBytes b) {
      Active x = active.get(b.artifact());
      if (x != null) {
        x.blobs.put(b.digest().toString(), new long[] {b.doneBytes(), b.totalBytes()});
      }
    } else if (event instanceof PushEvent.BlobDone b) {
      Active x = active.get(b.artifact());
      if (x != null) {
        x.blobs.put(b.digest().toString(), new long[] {b.size(), b.size()});
      }
    } else if (event instanceof PushEvent.Totals t) {
      totals = t;
    } else if (event instanceof PushEvent.Retry r) {
      println(
          String.format(
              Locale.ROOT,
              "retry %d/%d in %.1f s: %s",
              r.attempt(),
              r.maxAttempts(),
              r.delayMillis() / 1000.0,
              r.reason()));
    } else if (event instanceof Notice n) {
      clear();
      if (n.level() == Notice.Level.WARNING) {
        Messages.printWarning(err, n.message());
      } else {
        err.println(n.message());
      }
    } else {
      return;
    }
    draw(false);
  }

  private void artifact(PushEvent.Artifact a) {
    switch (a.state()) {
      case CHECKING -> active.computeIfAbsent(a.name(), k -> new Active()).state = "checking";
      case UPLOADING -> active.computeIfAbsent(a.name(), k -> new Active()).state = "uploading";
      case MANIFESTS -> active.computeIfAbsent(a.name(), k -> new Active()).state = "manifests";
      case DONE -> {
        active.remove(a.name());
        println("  pushed   " + a.target());
      }
      case ALREADY_PRESENT -> {
        active.remove(a.name());
        println("  present  " + a.target());
      }
      case VERIFIED -> println("  verified " + a.target());
    }
  }

  private void println(String line) {
    clear();
    err.println(line);
    err.flush();
  }

  /** Removes the live block, so a plain line can be printed in its place. */
  private void clear() {
    if (terminal && drawnLines > 0) {
      err.print("\033[" + drawnLines + "F\033[J");
      drawnLines = 0;
    }
  }

  private void draw(boolean force) {
    long now = System.nanoTime();
    long interval = terminal ? TERMINAL_INTERVAL_NANOS : LOG_INTERVAL_NANOS;
    if (!force && now - lastDraw < interval && (terminal ? drawnLines > 0 : true)) {
      return;
    }
    if (totals == null) {
      return;
    }
    lastDraw = now;
    String summary = summary(totals);
    if (!terminal) {
      err.println(summary);
      err.flush();
      return;
    }
    clear();
    StringBuilder block = new StringBuilder(summary).append('\n');
    int lines = 1;
    for (Map.Entry<String, Active> e : active.entrySet()) {
      if (lines > MAX_ACTIVE_LINES) {
        block.append("  ... and ").append(active.size() - MAX_ACTIVE_LINES).append(" more\n");
        lines++;
        break;
      }
      Active a = e.getValue();
      long total = a.total();
      block
          .append("  ")
          .append(bar(a.done(), total, 16))
          .append(' ')
          .append(pad(abbreviate(e.getKey(), 60), 60))
          .append(' ')
          .append(total > 0 ? Sizes.human(a.done()) + " / " + Sizes.human(total) : a.state)
          .append('\n');
      lines++;
    }
    err.print(block);
    err.flush();
    drawnLines = lines;
  }

  private String summary(PushEvent.Totals t) {
    String eta = t.etaSeconds() < 0 ? "--" : formatDuration(t.etaSeconds());
    return String.format(
        Locale.ROOT,
        "%s %3d%%  %s of %s  %s/s  ETA %s  %d/%d done",
        bar(t.doneBytes(), t.totalBytes(), BAR),
        t.totalBytes() == 0 ? 100 : 100 * t.doneBytes() / t.totalBytes(),
        Sizes.human(t.doneBytes()),
        Sizes.human(t.totalBytes()),
        Sizes.human((long) t.bytesPerSecond()),
        eta,
        t.artifactsDone(),
        t.artifactsTotal());
  }

  private static String bar(long done, long total, int width) {
    int filled = total <= 0 ? width : (int) Math.min(width, width * done / total);
    return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
  }

  private static String formatDuration(long seconds) {
    return seconds >= 3600
        ? String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, (seconds % 3600) / 60)
        : seconds >= 60
            ? String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60)
            : seconds + "s";
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : "..." + s.substring(s.length() - max + 3);
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  /** Leaves the final totals on screen. */
  @Override
  public synchronized void close() {
    if (totals != null) {
      clear();
      err.println(summary(totals));
      err.flush();
    }
    drawnLines = 0;
  }
}
