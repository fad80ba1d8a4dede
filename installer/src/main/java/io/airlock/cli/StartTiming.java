package io.airlock.cli;

import io.airlock.core.progress.ProgressEvent;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.push.PushEvent;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * With {@code -Dairlock.timing=true} or {@code =EPOCH_MS} (bench/push.sh): prints, on stderr, how
 * long after the process started the first bytes of a push went out, wall clock and CPU time, so
 * that the start of a push is measured apart from its throughput: when the first blob larger than
 * an upload's first buffer (64 KiB) starts going out (a config of a few hundred bytes, sent whole,
 * may go a few milliseconds before). The same for the steps on the way: {@code main-ms} (the JVM is
 * up), {@code command-ms} (the command line is parsed), {@code bundle-indexed-ms}, {@code
 * plan-done-ms}.
 */
final class StartTiming implements ProgressListener {

  private static final String PROPERTY = "airlock.timing";

  private final ProgressListener delegate;
  private final PrintWriter err;
  private boolean printed;

  private StartTiming(ProgressListener delegate, PrintWriter err) {
    this.delegate = delegate;
    this.err = err;
  }

  static boolean enabled() {
    String value = System.getProperty(PROPERTY, "false");
    return !value.equals("false");
  }

  /**
   * When the command was launched: the epoch milliseconds the caller gave as the property's value
   * (the launcher script included), else when the JVM started. Not ProcessHandle's start instant:
   * on Linux it adds the boot time, which the kernel gives in whole seconds (up to a second off).
   */
  private static long startedAt() {
    try {
      return Long.parseLong(System.getProperty(PROPERTY, ""));
    } catch (NumberFormatException e) {
      return ManagementFactory.getRuntimeMXBean().getStartTime();
    }
  }

  static ProgressListener around(ProgressListener listener, PrintWriter err) {
    return enabled() ? new StartTiming(listener, err) : listener;
  }

  @Override
  public void onEvent(ProgressEvent event) {
    delegate.onEvent(event);
    if (event instanceof PushEvent.Started) {
      print("plan-done-ms");
    } else if (event instanceof PushEvent.BlobBytes) {
      firstBytes();
    }
  }

  private synchronized void firstBytes() {
    if (printed) {
      return;
    }
    printed = true;
    print("first-bytes-ms");
  }

  /** Prints how long after the process started {@code what} happened, when timing is on. */
  static void mark(PrintWriter err, String what) {
    if (enabled()) {
      print(err, what);
    }
  }

  /** {@link #mark} on the process's standard error, before picocli gives a writer for it. */
  static void mark(String what) {
    if (enabled()) {
      System.err.println(line(what));
    }
  }

  private void print(String what) {
    print(err, what);
  }

  private static void print(PrintWriter err, String what) {
    err.println(line(what));
    err.flush();
  }

  private static String line(String what) {
    long now = System.currentTimeMillis();
    long cpu =
        ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
    return what + " " + (now - startedAt()) + " cpu-ms " + cpu + " at-epoch-ms " + now;
  }
}
