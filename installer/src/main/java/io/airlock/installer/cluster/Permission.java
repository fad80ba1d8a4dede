package io.airlock.installer.cluster;

/**
 * One thing Airlock needs to be allowed to do, and whether the current user may.
 *
 * @param namespace null for cluster-scoped resources
 * @param allowed null when the answer is unknown (the review itself failed)
 * @param why what Airlock needs it for
 */
public record Permission(
    String verb,
    String group,
    String resource,
    String namespace,
    String why,
    Boolean allowed,
    String reason) {

  /** {@code create apps/daemonsets in airlock-system}, as a person reads it. */
  public String describe() {
    return verb
        + " "
        + (group.isEmpty() ? "" : group + "/")
        + resource
        + (namespace == null ? " (cluster-wide)" : " in " + namespace);
  }
}
