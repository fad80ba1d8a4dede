package io.airlock.cli;

import io.airlock.core.testing.FreePort;
import io.airlock.core.testing.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code airlock serve} as a real {@code java} process, to kill and restart it in tests. */
final class ServeProcess implements AutoCloseable {

  final Process process;
  final int port;
  final Path log;

  private ServeProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  static ServeProcess start(Path storage, int port, String... extra) {
    try {
      Path log = Files.createTempFile("serve", ".log");
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.add("-Xmx256m");
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add(Airlock.class.getName());
      cmd.add("serve");
      cmd.add("--storage");
      cmd.add(storage.toString());
      cmd.add("--listen");
      cmd.add("127.0.0.1:" + (port == 0 ? FreePort.find() : port));
      cmd.addAll(List.of(extra));
      int chosen = Integer.parseInt(cmd.get(cmd.indexOf("--listen") + 1).split(":")[1]);
      Process p =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      ServeProcess s = new ServeProcess(p, chosen, log);
      s.awaitListening();
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  String output() {
    return ServerProcess.readLog(log);
  }

  private void awaitListening() {
    ServerProcess.awaitReady(
        process,
        "airlock serve",
        Duration.ofSeconds(30),
        log,
        () -> output().contains("Listening on"));
  }

  /** SIGKILL: no shutdown hook, no cleanup, as a crash or power loss of the process. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM, as systemd or Ctrl-C; returns the exit code. */
  int terminate() throws InterruptedException {
    process.destroy();
    return process.waitFor();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
