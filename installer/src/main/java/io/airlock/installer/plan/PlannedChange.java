package io.airlock.installer.plan;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * One object the install would create, update or delete, and why.
 *
 * @param object the complete object as it would be applied (secrets unredacted; the output redacts)
 */
public record PlannedChange(Action action, HasMetadata object, String note) {

  /** What happens to the object. */
  public enum Action {
    CREATE,
    UPDATE,
    DELETE
  }

  public String describe() {
    String ns = object.getMetadata().getNamespace();
    return object.getKind() + " " + (ns == null ? "" : ns + "/") + object.getMetadata().getName();
  }
}
