package io.airlock.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The airlock command line in a JVM of its own ({@link AirlockProcess}), killed with SIGKILL (as
 * {@code kill -9}) at the moment a test chooses: when a line it printed, or the cluster, shows that
 * it is inside the step under test. Nothing of the killed JVM gets to clean up.
 */
final class KilledRun {

  private final Process process;
  private final List<String> lines = new ArrayList<>();

  private KilledRun(Process process) {
    this.process = process;
    read(process.getInputStream(), "out");
    read(process.getErrorStream(), "err");
  }

  static KilledRun start(String... args) throws IOException {
    return new KilledRun(AirlockProcess.start(args));
  }

  private void read(InputStream in, String stream) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  synchronized (lines) {
                    lines.add(stream + ": " + line);
                  }
                }
              } catch (IOException e) {
                // the process was killed
              }
            },
            "killed-run-" + stream);
    t.setDaemon(true);
    t.start();
  }

  /** True once the command printed a line (stdout or stderr) that matches. */
  boolean printed(Predicate<String> line) {
    synchronized (lines) {
      return lines.stream().map(l -> l.substring(5)).anyMatch(line);
    }
  }

  /**
   * Kills the command with SIGKILL as soon as {@code when} holds (checked every 50 ms); fails, with
   * what it printed, when it ended first or {@code when} never held within {@code timeout}.
   *
   * @return what it printed until then
   */
  String killWhen(BooleanSupplier when, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!when.getAsBoolean()) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "the command ended (exit "
                + process.exitValue()
                + ") before the moment to kill it:\n"
                + output());
      }
      if (System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new AssertionError(
            "the moment to kill the command did not come in " + timeout + ":\n" + output());
      }
      Thread.sleep(50);
    }
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the killed command did not end in 30 s");
    }
    if (process.exitValue() != 137) {
      throw new AssertionError(
          "the command was not killed but ended with " + process.exitValue() + ":\n" + output());
    }
    return output();
  }

  String output() {
    synchronized (lines) {
      return String.join("\n", lines);
    }
  }
}
