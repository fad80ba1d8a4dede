package io.airlock.core.archive;

import io.airlock.core.BadInputException;

/**
 * Input that goes beyond one of the {@link InputLimits}: a crafted bundle, or a real one bigger
 * than any seen so far. Front ends word how to raise the limit from the facts carried here.
 */
public final class LimitExceededException extends BadInputException {

  private final InputLimits.Limit limit;
  private final double allowed;

  public LimitExceededException(String message, InputLimits.Limit limit, double allowed) {
    super(message, hintFor(limit, allowed));
    this.limit = limit;
    this.allowed = allowed;
  }

  /** Which limit was reached. */
  public InputLimits.Limit limit() {
    return limit;
  }

  /** The value of the limit in force (a ratio, a count, or bytes). */
  public double allowed() {
    return allowed;
  }

  private static String hintFor(InputLimits.Limit limit, double allowed) {
    if (limit.variable() == null) {
      return "No bundle tool writes this; the file was crafted or damaged. Get the bundle again"
          + " from its vendor.";
    }
    return "If the bundle comes from its vendor and is genuine, raise the limit by setting "
        + limit.variable()
        + " (now "
        + (limit == InputLimits.Limit.EXPANSION_RATIO
            ? String.valueOf((long) allowed)
            : ((long) allowed >> 30) + "G")
        + ") and run again; otherwise get the bundle again from its vendor.";
  }
}
