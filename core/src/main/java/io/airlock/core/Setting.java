package io.airlock.core;

/**
 * Something the user can set or run that a failure's message or hint refers to. Core names it only
 * by this constant; each front end chooses its own words for it (the command line a flag or a
 * command, the wizard a field or a plain phrase). {@link #noun()} is the plain phrase used when a
 * front end has none of its own.
 */
public enum Setting {
  WORK_DIR("the work directory"),
  LISTEN("the listen address"),
  TLS_CERT("the TLS certificate"),
  TLS_KEY("the TLS private key"),
  CLIENT_CA("the CA of client certificates"),
  STORAGE("the storage directory"),
  READ_ONLY("read-only mode"),
  MAX_STORAGE("the storage cap"),
  HTPASSWD("an htpasswd file"),
  PULL_ONLY_USER("A pull-only user"),
  ALLOW_PLAIN_HTTP_REMOTE("plain HTTP for remote clients"),
  PLAIN_HTTP("the plain-HTTP setting"),
  CA_FILE("the CA file"),
  INSECURE_SKIP_TLS_VERIFY("the setting that skips TLS verification"),
  CREDENTIALS("the registry's user name and password"),
  REGISTRY("the target registry"),
  FLATTEN("the flat-names setting"),
  CONCURRENCY("the number of parallel transfers"),
  ONLY("the image filter"),
  KEY("the vendor's public key"),
  SIGNATURE("the detached signature"),
  SIGSTORE_BUNDLE("the Sigstore bundle"),
  CHECKSUMS("a checksum file"),
  CONTENTS("the contents check"),
  INSECURE_SKIP_VERIFY("the setting that skips verification"),
  OUTPUT_KEY_PREFIX("the key pair's name"),
  KEY_PASSWORD("the password prompt"),
  /** The command that makes a key pair. */
  KEYGEN("Airlock's key generator"),
  /** The command that removes what no tag reaches from a registry's storage. */
  REGISTRY_GC("the registry's garbage collection"),
  /** The command that makes a sample bundle. */
  SAMPLE_BUNDLE("the sample bundle maker"),
  /** The command that runs the registry. */
  SERVE("the other Airlock registry");

  private final String noun;

  Setting(String noun) {
    this.noun = noun;
  }

  /** A plain phrase for it, free of any flag or command name. */
  public String noun() {
    return noun;
  }
}
