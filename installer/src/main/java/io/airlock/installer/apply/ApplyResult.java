package io.airlock.installer.apply;

import io.airlock.installer.plan.PlannedChange;
import java.util.List;

/**
 * What the API server answered for one planned change.
 *
 * @param detail the server's words when refused, why when skipped, empty when accepted
 * @param droppedFields fields Airlock sent that the server's answer lacks: unknown to this
 *     Kubernetes version (or behind a feature gate that is off), so silently not stored
 */
public record ApplyResult(
    PlannedChange change, Outcome outcome, String detail, List<String> droppedFields) {

  /** The server's verdict. */
  public enum Outcome {
    /** Stored, or for a dry-run: would be stored. */
    ACCEPTED,
    /** Refused by validation, admission or authorisation. */
    REFUSED,
    /** Not sent: the server cannot judge it yet (see the detail). */
    SKIPPED
  }

  public ApplyResult {
    droppedFields = List.copyOf(droppedFields);
  }

  static ApplyResult accepted(PlannedChange c, List<String> dropped) {
    return new ApplyResult(c, Outcome.ACCEPTED, "", dropped);
  }

  static ApplyResult refused(PlannedChange c, String why) {
    return new ApplyResult(c, Outcome.REFUSED, why, List.of());
  }

  static ApplyResult skipped(PlannedChange c, String why) {
    return new ApplyResult(c, Outcome.SKIPPED, why, List.of());
  }
}
