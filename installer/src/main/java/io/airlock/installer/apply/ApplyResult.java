package io.airlock.installer.apply;

import io.airlock.installer.plan.PlannedChange;
import java.util.List;

/**
 * What the API server answered for one planned change.
 *
 * @param detail the server's words when refused; how the object was checked when accepted (empty
 *     when sent as planned)
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
    REFUSED
  }

  public ApplyResult {
    droppedFields = List.copyOf(droppedFields);
  }

  static ApplyResult accepted(PlannedChange c, String how, List<String> dropped) {
    return new ApplyResult(c, Outcome.ACCEPTED, how, dropped);
  }

  static ApplyResult refused(PlannedChange c, String why) {
    return new ApplyResult(c, Outcome.REFUSED, why, List.of());
  }

  public boolean accepted() {
    return outcome == Outcome.ACCEPTED;
  }
}
