package io.airlock.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** What every real server a test starts needs: wait until ready, read its log, stop it. */
public final class ServerProcess {

  private ServerProcess() {}

  /**
   * Polls {@code ready} until it answers true, failing with the server's log if the process dies or
   * the time runs out.
   */
  public static void awaitReady(
      Process process, String name, Duration timeout, Path log, BooleanSupplier ready) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited at start:\n" + readLog(log));
      }
      if (ready.getAsBoolean()) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + name, e);
      }
    }
    throw new AssertionError(name + " was not ready after " + timeout + ":\n" + readLog(log));
  }

  public static String readLog(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Asks the process to stop (SIGTERM) and waits for it. */
  public static void stop(Process process) {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
