package io.airlock.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The airlock command line as a separate JVM with the CLI's default 256 MB heap, for tests. */
final class AirlockProcess {

  private AirlockProcess() {}

  static ProcessBuilder builder(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Airlock.class.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  static Process start(String... args) throws IOException {
    return builder(args).start();
  }

  /** What a finished run printed, stdout and stderr together. */
  record Run(int exit, String output) {}

  /** Runs to the end (at most two minutes) with no input and these environment variables. */
  static Run run(Map<String, String> env, String... args) throws Exception {
    ProcessBuilder pb = builder(args).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("airlock " + String.join(" ", args) + " did not end:\n" + output);
    }
    return new Run(p.exitValue(), output);
  }
}
