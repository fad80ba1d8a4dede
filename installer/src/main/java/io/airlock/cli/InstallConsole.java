package io.airlock.cli;

import io.airlock.core.progress.ProgressEvent;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.push.PushEvent;
import io.airlock.installer.charts.ChartEvent;
import io.airlock.installer.pipeline.InstallEvent;
import io.airlock.installer.pipeline.StepStatus;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Renders an installation: each step as a numbered line on stdout when it starts and an indented
 * line when it ends (state, time, what it did), the push with {@link PushConsole} and everything
 * else with {@link ConsoleProgress} on stderr.
 */
final class InstallConsole implements ProgressListener, AutoCloseable {

  private final PrintWriter out;
  private final ConsoleProgress progress;
  private final PushConsole push;
  private int number;
  private boolean pushClosed;

  InstallConsole(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.progress = new ConsoleProgress(err, false);
    this.push = new PushConsole(err, System.console() != null);
  }

  @Override
  public synchronized void onEvent(ProgressEvent event) {
    if (event instanceof InstallEvent.StepStarted s) {
      progress.endLine();
      println(++number + ". " + s.title());
    } else if (event instanceof InstallEvent.StepNote n) {
      progress.endLine();
      println("   " + n.message());
    } else if (event instanceof InstallEvent.StepFinished f) {
      if (f.step().equals("push")) {
        push.close();
        pushClosed = true;
      }
      progress.endLine();
      println(
          String.format(
              Locale.ROOT,
              "   %s in %.1f s%s",
              f.status() == StepStatus.DONE ? "done" : f.status().id(),
              f.millis() / 1000.0,
              f.detail().isEmpty() || f.status() == StepStatus.FAILED ? "" : ": " + f.detail()));
    } else if (event instanceof ChartEvent.PodProgress p) {
      progress.endLine();
      println("   " + p.line());
    } else if (event instanceof ChartEvent) {
      // the step's notes say when a release starts and ends
    } else if (event instanceof PushEvent) {
      push.onEvent(event);
    } else if (!(event instanceof InstallEvent)) {
      progress.onEvent(event);
    }
  }

  private void println(String line) {
    out.println(line);
    out.flush();
  }

  @Override
  public synchronized void close() {
    if (!pushClosed) {
      push.close();
    }
    progress.endLine();
  }
}
