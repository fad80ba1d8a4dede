package io.airlock.installer.pki;

/** What a run does to one certificate, and why, for the plan. */
public record PkiChange(String certificate, Action action, String reason) {

  /** What happens to the certificate. */
  public enum Action {
    CREATE,
    KEEP,
    RENEW,
    USER_SUPPLIED
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
