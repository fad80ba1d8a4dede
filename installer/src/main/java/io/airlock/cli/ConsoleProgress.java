package io.airlock.cli;

import io.airlock.core.Sizes;
import io.airlock.core.progress.Notice;
import io.airlock.core.progress.ProgressEvent;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.progress.StepProgress;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Renders progress events on stderr: one self-overwriting line on a terminal, a plain line every
 * few seconds otherwise, so logs of CI runs stay short. Warnings always print.
 */
final class ConsoleProgress implements ProgressListener {

  private static final long TERMINAL_INTERVAL_NANOS = 100_000_000L;
  private static final long LOG_INTERVAL_NANOS = 5_000_000_000L;

  private final PrintWriter err;
  private final boolean terminal;
  private final boolean quiet;
  private long lastRender;
  private boolean lineOpen;

  ConsoleProgress(PrintWriter err, boolean quiet) {
    this(err, System.console() != null, quiet);
  }

  ConsoleProgress(PrintWriter err, boolean terminal, boolean quiet) {
    this.err = err;
    this.terminal = terminal;
    this.quiet = quiet;
  }

  @Override
  public synchronized void onEvent(ProgressEvent event) {
    if (event instanceof Notice notice) {
      endLine();
      if (notice.level() == Notice.Level.WARNING) {
        Messages.printWarning(err, notice.message());
      } else if (!quiet) {
        err.println(notice.message());
        err.flush();
      }
    } else if (event instanceof StepProgress step && !quiet) {
      render(step);
    }
  }

  private void render(StepProgress step) {
    long now = System.nanoTime();
    boolean last = step.totalBytes() > 0 && step.doneBytes() >= step.totalBytes();
    long interval = terminal ? TERMINAL_INTERVAL_NANOS : LOG_INTERVAL_NANOS;
    if (!last && now - lastRender < interval) {
      return;
    }
    lastRender = now;
    String text = describe(step);
    if (terminal) {
      err.print("\r\033[K" + text);
      lineOpen = true;
      if (last) {
        endLine();
      }
    } else {
      err.println(text);
    }
    err.flush();
  }

  private static String describe(StepProgress step) {
    String amount =
        step.step().equals("sample")
            ? step.doneBytes() + "/" + step.totalBytes()
            : Sizes.human(step.doneBytes())
                + (step.totalBytes() > 0 ? " of " + Sizes.human(step.totalBytes()) : "");
    String percent =
        step.totalBytes() > 0
            ? String.format(Locale.ROOT, " (%d%%)", 100 * step.doneBytes() / step.totalBytes())
            : "";
    String item = step.item().isEmpty() ? "" : "  " + abbreviate(step.item(), 50);
    return step.step() + ": " + amount + percent + item;
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : "..." + s.substring(s.length() - max + 3);
  }

  /** Finishes an open terminal line so the next output starts cleanly. */
  synchronized void endLine() {
    if (lineOpen) {
      err.println();
      err.flush();
      lineOpen = false;
    }
  }
}
