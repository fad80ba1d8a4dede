package io.airlock.installer.cluster;

/**
 * Whether the cluster would admit a pod that needs a host feature, found by a server-side dry-run
 * (so Pod Security Admission, OpenShift SCCs and policy webhooks all have their say).
 *
 * @param feature {@code privileged}, {@code hostNetwork} or {@code hostPort}
 * @param where the namespace the dry-run ran in, and why there
 * @param detail the API server's words when it refused
 */
public record Admission(String feature, Verdict verdict, String where, String detail) {

  /** The answer. */
  public enum Verdict {
    ALLOWED,
    DENIED,
    UNKNOWN
  }
}
