package io.airlock.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * The tool's own {@code --version} and {@code --help} (and no arguments at all), answered before
 * picocli loads: its first use in a JVM costs more than the rest of such a command (its large class
 * verified, its model built by reflection), so these answers come from {@link VersionProvider} and
 * from the usage text the build rendered with picocli itself ({@link #main}), word for word.
 */
public final class ToolHelp {

  static final String USAGE_RESOURCE = "usage.txt";

  private ToolHelp() {}

  /** Prints the answer and returns true when {@code args} ask only for the version or the usage. */
  static boolean answered(String[] args, PrintStream out) {
    if (args.length > 1) {
      return false;
    }
    String arg = args.length == 0 ? "--help" : args[0];
    if (arg.equals("-V") || arg.equals("--version")) {
      for (String line : new VersionProvider().getVersion()) {
        out.println(line);
      }
      out.flush();
      return true;
    }
    if (arg.equals("-h") || arg.equals("--help")) {
      byte[] usage = usage();
      if (usage == null) {
        return false; // a build that did not render it (an IDE's): picocli answers
      }
      out.write(usage, 0, usage.length);
      out.flush();
      return true;
    }
    return false;
  }

  private static byte[] usage() {
    try (InputStream in = ToolHelp.class.getResourceAsStream(USAGE_RESOURCE)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      return null;
    }
  }

  /** The usage of {@code airlock} as picocli renders it without colours. */
  static String renderedUsage() {
    return Airlock.commandLine().getUsageMessage(CommandLine.Help.Ansi.OFF);
  }

  /**
   * Build step (process-classes): writes the rendered usage into the classes directory {@code
   * args[0]}, where {@link #answered} reads it.
   */
  public static void main(String[] args) throws IOException {
    Path file = Path.of(args[0], "io", "airlock", "cli", USAGE_RESOURCE);
    Files.createDirectories(file.getParent());
    Files.writeString(file, renderedUsage(), StandardCharsets.UTF_8);
  }
}
