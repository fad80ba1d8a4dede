package io.airlock.installer.pki;

/**
 * What a run does to one certificate, and why, for the plan.
 *
 * @param rotation true while the CA is being replaced (a new CA published, the switch, an old CA
 *     still trusted or just dropped): the install report says it too, not only the plan
 */
public record PkiChange(String certificate, Action action, String reason, boolean rotation) {

  public PkiChange(String certificate, Action action, String reason) {
    this(certificate, action, reason, false);
  }

  /** What happens to the certificate. */
  public enum Action {
    CREATE,
    KEEP,
    RENEW,
    USER_SUPPLIED,
    /** A new CA joins every trust bundle; the current one keeps signing. */
    PUBLISH,
    /** The published CA starts signing; the old one stays trusted until it expires. */
    SWITCH
  }

  @Override
  public String toString() {
    return certificate
        + ": "
        + action.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
        + " ("
        + reason
        + ")";
  }
}
