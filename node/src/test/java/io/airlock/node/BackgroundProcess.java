package io.airlock.node;

import io.airlock.core.testing.Command;
import io.airlock.core.testing.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A node program running in the background, its stdout and stderr in a log file. */
final class BackgroundProcess implements AutoCloseable {

  private final Process process;
  private final Path log;
  private final String label;

  private BackgroundProcess(Process process, Path log, String label) {
    this.process = process;
    this.log = log;
    this.label = label;
  }

  static BackgroundProcess start(List<String> command) {
    Command.requireTool(command.get(0));
    try {
      Path log = Files.createTempFile("node-program", ".log");
      Process p =
          new ProcessBuilder(new ArrayList<>(command))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      return new BackgroundProcess(p, log, String.join(" ", command));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the program and waits until its log shows {@code readyLine}. */
  static BackgroundProcess startAndAwait(List<String> command, String readyLine) {
    BackgroundProcess p = start(command);
    p.awaitLog(readyLine, Duration.ofSeconds(60));
    return p;
  }

  String log() {
    return ServerProcess.readLog(log);
  }

  void awaitLog(String text, Duration timeout) {
    ServerProcess.awaitReady(process, label, timeout, log, () -> log().contains(text));
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Sends SIGNAL to the program a wrapper (such as unshare --fork) started: its one child. */
  void signalProgram(String signal) {
    long pid =
        process
            .children()
            .findFirst()
            .orElseThrow(() -> new AssertionError(label + " started no program"))
            .pid();
    Command.ok("kill", "-" + signal, Long.toString(pid));
  }

  /** True when the process ended within {@code timeout}. */
  boolean awaitEnd(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    // Children first (the injector forks per connection), then the program itself.
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      Files.deleteIfExists(log);
    } catch (IOException ignored) {
      // A leftover log in the temp directory is harmless.
    }
  }
}
