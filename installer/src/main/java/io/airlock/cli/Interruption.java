package io.airlock.cli;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns Ctrl-C and SIGTERM into an interrupt of the command's thread, gives it time to clean up
 * (remove partial files, save resume state), then ends the process with exit code 130.
 */
final class Interruption {

  private static final long CLEANUP_MILLIS = 15_000;
  private static final AtomicBoolean requested = new AtomicBoolean();
  private static final AtomicBoolean finished = new AtomicBoolean();

  private Interruption() {}

  static void install() {
    Thread worker = Thread.currentThread();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (finished.get()) {
                    return; // a normal exit, not a signal
                  }
                  requested.set(true);
                  worker.interrupt();
                  try {
                    worker.join(CLEANUP_MILLIS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  System.err.flush();
                  // SIGTERM would exit 143; scripts get one code for "interrupted".
                  Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
                },
                "airlock-interrupt"));
  }

  /** True once the user asked Airlock to stop. */
  static boolean requested() {
    return requested.get();
  }

  /**
   * Marks the command as done; returns false when a signal already started the shutdown, in which
   * case the caller must not call System.exit (it would block) but simply return.
   */
  static boolean finish() {
    finished.set(true);
    return !requested.get();
  }
}
