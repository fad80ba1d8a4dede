package io.airlock.cli;

import io.airlock.core.AirlockException;
import io.airlock.core.NotEnoughSpaceException;
import java.io.PrintWriter;

/** How the command line prints failures and warnings: one clear message, never a stack trace. */
final class Messages {

  private Messages() {}

  static boolean debug() {
    String d = System.getenv("AIRLOCK_DEBUG");
    return d != null && !d.isEmpty() && !d.equals("0");
  }

  static void printError(PrintWriter err, AirlockException e) {
    err.println("error: " + CliWords.message(e));
    e.hint(CliWords::of)
        .map(
            h ->
                e instanceof NotEnoughSpaceException && h.endsWith(".")
                    ? h.substring(0, h.length() - 1) + " (--work-dir)."
                    : h)
        .ifPresent(h -> err.println("  what to do: " + h));
    if (debug()) {
      e.printStackTrace(err);
    }
    err.flush();
  }

  static void printWarning(PrintWriter err, String warning) {
    err.println("warning: " + warning);
    err.flush();
  }
}
