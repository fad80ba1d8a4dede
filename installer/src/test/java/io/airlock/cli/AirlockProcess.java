package io.airlock.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
}
