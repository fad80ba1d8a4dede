package io.airlock.app.wizard;

import io.airlock.core.AirlockException;
import io.airlock.core.Setting;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.ArrayList;
import java.util.List;

/**
 * A failure in the wizard's words: the message, what to do, and the causes (with the failure's
 * stable code) for the expandable detail. Never a stack trace, never a command-line flag.
 */
record Failures(String message, String hint, String detail, boolean cancelled) {

  static Failures of(Throwable t) {
    if (t instanceof InterruptedException
        || t instanceof InterruptedIOException
        || t instanceof ClosedByInterruptException) {
      return new Failures(
          "Cancelled; nothing half-written was left behind.",
          "Press Resume to continue where it stopped.",
          causes(t),
          true);
    }
    if (t instanceof AirlockException a) {
      String code = a.code().map(c -> "code: " + c + "\n").orElse("");
      return new Failures(
          a.message(Failures::words),
          a.hint(Failures::words).orElse(null),
          code + causes(t),
          false);
    }
    return new Failures(
        "internal error: " + t,
        "This is a bug in Airlock. Run again with AIRLOCK_DEBUG=1 for details and report it.",
        causes(t),
        false);
  }

  /** The wizard's words for what a failure refers to: plain phrases, never a flag or a command. */
  static String words(Setting setting) {
    return setting.noun();
  }

  private static String causes(Throwable t) {
    List<String> lines = new ArrayList<>();
    for (Throwable c = t; c != null && lines.size() < 10; c = c.getCause()) {
      lines.add(
          (lines.isEmpty() ? "" : "caused by ") + c.getClass().getName() + ": " + c.getMessage());
    }
    return String.join("\n", lines);
  }
}
