package io.airlock.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/** The usage text {@link ToolHelp} prints, rendered by picocli at build time. */
public final class UsageText {

  private UsageText() {}

  /** The usage of {@code airlock} as picocli renders it without colours. */
  static String rendered() {
    return Airlock.commandLine().getUsageMessage(CommandLine.Help.Ansi.OFF);
  }

  /**
   * Build step (process-classes): writes the rendered usage into the classes directory {@code
   * args[0]}, where {@link ToolHelp} reads it.
   */
  public static void main(String[] args) throws IOException {
    Path file = Path.of(args[0], "io", "airlock", "cli", ToolHelp.USAGE_RESOURCE);
    Files.createDirectories(file.getParent());
    Files.writeString(file, rendered(), StandardCharsets.UTF_8);
  }
}
