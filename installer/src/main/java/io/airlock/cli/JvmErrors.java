package io.airlock.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * An {@link Error} of the Java runtime (out of memory, stack overflow, ...) while a command runs:
 * one line naming the input and what to do, exit {@link ExitCodes#JAVA_FAILED}. Crafted input is
 * refused within limits long before (docs/limits.md); this is the last line of defence.
 */
final class JvmErrors {

  private JvmErrors() {}

  /** The Error in {@code t} or its causes, or null. */
  static Error find(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof Error e) {
        return e;
      }
    }
    return null;
  }

  static int report(Error e, CommandLine cl, String[] args) {
    PrintWriter err = cl.getErr();
    String input = input(cl, args);
    String line;
    if (e instanceof OutOfMemoryError) {
      line =
          "error: Airlock ran out of memory ("
              + e.getMessage()
              + ") while reading "
              + input
              + "; if it comes from its vendor, run again with more memory"
              + " (AIRLOCK_JAVA_OPTS=-Xmx1g), otherwise get it again: it may be crafted.";
    } else if (e instanceof StackOverflowError) {
      line =
          "error: Airlock ran out of stack while reading "
              + input
              + " (something in it is nested too deeply); if it comes from its vendor, run again"
              + " with AIRLOCK_JAVA_OPTS='-Xmx256m -Xss16m', otherwise get it again: it may be"
              + " crafted.";
    } else {
      line =
          "error: the Java runtime failed ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + ") while reading "
              + input
              + "; run again with AIRLOCK_DEBUG=1 and report it.";
    }
    err.println(line);
    if (Messages.debug()) {
      e.printStackTrace(err);
    }
    err.flush();
    return ExitCodes.JAVA_FAILED;
  }

  /** The positional parameters of the command that ran, or else its whole command line. */
  private static String input(CommandLine cl, String[] args) {
    List<String> values = new ArrayList<>();
    CommandLine.ParseResult parsed = cl.getParseResult();
    while (parsed != null && parsed.subcommand() != null) {
      parsed = parsed.subcommand();
    }
    if (parsed != null) {
      for (CommandLine.Model.PositionalParamSpec p : parsed.matchedPositionals()) {
        values.addAll(p.stringValues());
      }
      if (parsed.hasMatchedOption("--bundle")) {
        values.add(parsed.matchedOption("--bundle").stringValues().get(0));
      }
    }
    if (values.isEmpty()) {
      return "the input of 'airlock " + String.join(" ", args) + "'";
    }
    return String.join(", ", values);
  }
}
