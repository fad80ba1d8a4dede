package io.airlock.installer.pipeline;

import java.util.Locale;

/** How a step ended. */
public enum StepStatus {
  /** It did its work, or found it already done. */
  DONE,
  /** It does not apply to this run (another mode, nothing to do by choice). */
  SKIPPED,
  FAILED,
  /** Ctrl-C, SIGTERM or the wizard's Cancel; the next run continues. */
  CANCELLED;

  /** {@code done}, {@code skipped}, {@code failed}, {@code cancelled}: what reports show. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
