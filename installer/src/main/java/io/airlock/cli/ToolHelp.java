package io.airlock.cli;

import io.airlock.installer.AirlockVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * The tool's own {@code --version} and {@code --help} (and no arguments at all), answered before
 * picocli loads: its first use in a JVM costs more than the rest of such a command (its large class
 * verified, its model built by reflection), so these answers come from {@link #versionLines} and
 * from the usage text the build rendered with picocli itself ({@link UsageText}), word for word.
 *
 * <p>Also the main class {@code ./airlock} starts these commands with, on a class path of Airlock's
 * own jars and picocli's: it needs nothing outside java.base (no picocli class, not even an
 * interface), so the JVM opens one jar and loads a handful of classes before answering.
 */
public final class ToolHelp {

  static final String USAGE_RESOURCE = "usage.txt";

  private ToolHelp() {}

  /** Answers --version or --help, and hands any other command line to {@link Airlock}. */
  public static void main(String[] args) {
    if (!answered(args, System.out)) {
      Airlock.main(args);
    }
  }

  /** Prints the answer and returns true when {@code args} ask only for the version or the usage. */
  static boolean answered(String[] args, PrintStream out) {
    if (args.length > 1) {
      return false;
    }
    String arg = args.length == 0 ? "--help" : args[0];
    if (arg.equals("-V") || arg.equals("--version")) {
      for (String line : versionLines()) {
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

  /**
   * What {@code airlock --version} prints (picocli's version help, via {@link VersionProvider}).
   * String.join rather than +: the JVM's first string concatenation costs milliseconds at start
   * (invokedynamic bootstrap), and 'airlock --version' answers in a few dozen.
   */
  static String[] versionLines() {
    return new String[] {
      String.join(" ", "airlock", AirlockVersion.version()),
      String.join(
          "",
          "Java ",
          System.getProperty("java.version"),
          " (",
          System.getProperty("java.vendor"),
          ")")
    };
  }

  private static byte[] usage() {
    try (InputStream in = ToolHelp.class.getResourceAsStream(USAGE_RESOURCE)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      return null;
    }
  }
}
