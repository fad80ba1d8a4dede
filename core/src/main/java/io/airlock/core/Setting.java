package io.airlock.core;

/**
 * Something the user can set or run that a failure's message or hint refers to. Core names it only
 * by this constant; each front end chooses its own words for it (the command line a flag or a
 * command, the wizard a field or a plain phrase). {@link #noun()} is the plain phrase used when a
 * front end has none of its own.
 */
public enum Setting {
  WORK_DIR,
  LISTEN,
  TLS_CERT,
  TLS_KEY,
  CLIENT_CA,
  STORAGE,
  READ_ONLY,
  MAX_STORAGE,
  HTPASSWD,
  PULL_ONLY_USER,
  ALLOW_PLAIN_HTTP_REMOTE,
  PLAIN_HTTP,
  CA_FILE,
  INSECURE_SKIP_TLS_VERIFY,
  CREDENTIALS,
  REGISTRY,
  FLATTEN,
  CONCURRENCY,
  ONLY,
  KEY,
  SIGNATURE,
  SIGSTORE_BUNDLE,
  CHECKSUMS,
  CONTENTS,
  INSECURE_SKIP_VERIFY,
  OUTPUT_KEY_PREFIX,
  KEY_PASSWORD,
  // What an installation into a cluster is given (the installer's failures refer to these).
  KUBECONFIG,
  MODE,
  REGISTRY_URL,
  SEED_PAYLOAD,
  INJECTOR,
  REGISTRY_IMAGE,
  ALLOW_PRIVILEGED_NAMESPACE,
  STORAGE_CLASS,
  STORAGE_NODE,
  STORAGE_NODE_PATH,
  KEY_ALGORITHM,
  TLS_CA,
  /** Which of the bundle's charts to install as releases. */
  CHART,
  /** The values given to a chart (files and single values). */
  CHART_VALUES,
  /** The command that installs a bundle into a cluster. */
  INSTALL,
  /** The command that checks a cluster and recommends a registry mode. */
  CLUSTER_PROBE,
  /** An installation's plan, changing nothing. */
  INSTALL_DRY_RUN,
  /** An installation's plan with every object judged by the API server, changing nothing. */
  INSTALL_SERVER_DRY_RUN,
  /** The command that makes a key pair. */
  KEYGEN,
  /** The command that removes what no tag reaches from a registry's storage. */
  REGISTRY_GC,
  /** The command that makes a sample bundle. */
  SAMPLE_BUNDLE,
  /** The command that runs the registry. */
  SERVE;

  /** A plain phrase for it, free of any flag or command name. */
  public String noun() {
    return switch (this) {
      case WORK_DIR -> "the work directory";
      case LISTEN -> "the listen address";
      case TLS_CERT -> "the TLS certificate";
      case TLS_KEY -> "the TLS private key";
      case CLIENT_CA -> "the CA of client certificates";
      case STORAGE -> "the storage directory";
      case READ_ONLY -> "read-only mode";
      case MAX_STORAGE -> "the storage cap";
      case HTPASSWD -> "an htpasswd file";
      case PULL_ONLY_USER -> "A pull-only user";
      case ALLOW_PLAIN_HTTP_REMOTE -> "plain HTTP for remote clients";
      case PLAIN_HTTP -> "the plain-HTTP setting";
      case CA_FILE -> "the CA file";
      case INSECURE_SKIP_TLS_VERIFY -> "the setting that skips TLS verification";
      case CREDENTIALS -> "the registry's user name and password";
      case REGISTRY -> "the target registry";
      case FLATTEN -> "the flat-names setting";
      case CONCURRENCY -> "the number of parallel transfers";
      case ONLY -> "the image filter";
      case KEY -> "the vendor's public key";
      case SIGNATURE -> "the detached signature";
      case SIGSTORE_BUNDLE -> "the Sigstore bundle";
      case CHECKSUMS -> "a checksum file";
      case CONTENTS -> "the contents check";
      case INSECURE_SKIP_VERIFY -> "the setting that skips verification";
      case OUTPUT_KEY_PREFIX -> "the key pair's name";
      case KEY_PASSWORD -> "the password prompt";
      case KUBECONFIG -> "the kubeconfig file";
      case MODE -> "the registry mode";
      case REGISTRY_URL -> "your registry's address";
      case SEED_PAYLOAD -> "the seed payload";
      case INJECTOR -> "the seed injector binaries";
      case REGISTRY_IMAGE -> "the registry image";
      case ALLOW_PRIVILEGED_NAMESPACE -> "your consent to a privileged namespace";
      case STORAGE_CLASS -> "a StorageClass for the registry";
      case STORAGE_NODE -> "the node for the registry's data";
      case STORAGE_NODE_PATH -> "a node directory for the registry's data";
      case KEY_ALGORITHM -> "the key algorithm";
      case TLS_CA -> "the CA of your certificate";
      case CHART -> "the charts to install";
      case CHART_VALUES -> "the chart's values";
      case INSTALL -> "the installation";
      case CLUSTER_PROBE -> "the cluster check";
      case INSTALL_DRY_RUN -> "a dry run";
      case INSTALL_SERVER_DRY_RUN -> "a dry run judged by the API server";
      case KEYGEN -> "Airlock's key generator";
      case REGISTRY_GC -> "the registry's garbage collection";
      case SAMPLE_BUNDLE -> "the sample bundle maker";
      case SERVE -> "the other Airlock registry";
    };
  }
}
