package io.airlock.cli;

import io.airlock.core.AirlockException;
import io.airlock.core.Setting;

/** The command line's words for what core's failures refer to: its flags and commands. */
final class CliWords {

  private CliWords() {}

  static String of(Setting setting) {
    return switch (setting) {
      case WORK_DIR -> "--work-dir";
      case LISTEN -> "--listen";
      case TLS_CERT -> "--tls-cert";
      case TLS_KEY -> "--tls-key";
      case CLIENT_CA -> "--client-ca";
      case STORAGE -> "--storage";
      case READ_ONLY -> "--read-only";
      case MAX_STORAGE -> "--max-storage";
      case HTPASSWD -> "--htpasswd";
      case PULL_ONLY_USER -> "--pull-only-user";
      case ALLOW_PLAIN_HTTP_REMOTE -> "--allow-plain-http-remote";
      case PLAIN_HTTP -> "--plain-http";
      case CA_FILE -> "--ca-file";
      case INSECURE_SKIP_TLS_VERIFY -> "--insecure-skip-tls-verify";
      case CREDENTIALS -> "--username and --password-stdin";
      case REGISTRY -> "--registry";
      case FLATTEN -> "--flatten";
      case CONCURRENCY -> "--concurrency";
      case ONLY -> "--only";
      case KEY -> "--key";
      case SIGNATURE -> "--signature";
      case SIGSTORE_BUNDLE -> "--bundle";
      case CHECKSUMS -> "--checksums";
      case CONTENTS -> "--contents";
      case INSECURE_SKIP_VERIFY -> "--insecure-skip-verify";
      case OUTPUT_KEY_PREFIX -> "--output-key-prefix";
      case KEY_PASSWORD -> "--password-stdin";
      case KUBECONFIG -> "--kubeconfig";
      case MODE -> "--mode";
      case REGISTRY_URL -> "--registry-url";
      case SEED_PAYLOAD -> "--seed-payload";
      case INJECTOR -> "--injector";
      case REGISTRY_IMAGE -> "--registry-image";
      case ALLOW_PRIVILEGED_NAMESPACE -> "--allow-privileged-namespace";
      case STORAGE_CLASS -> "--storage-class";
      case STORAGE_NODE -> "--storage-node";
      case STORAGE_NODE_PATH -> "--storage-node-path";
      case KEY_ALGORITHM -> "--key-algorithm";
      case TLS_CA -> "--tls-ca";
      case CHART -> "--chart";
      case CHART_VALUES -> "--values and --set";
      case INSTALL -> "'airlock install'";
      case CLUSTER_PROBE -> "'airlock cluster probe'";
      case INSTALL_DRY_RUN -> "'airlock install --dry-run'";
      case INSTALL_SERVER_DRY_RUN -> "'airlock install --dry-run --server-dry-run'";
      case KEYGEN -> "'airlock keygen'";
      case REGISTRY_GC -> "'airlock registry gc'";
      case SAMPLE_BUNDLE -> "'airlock sample-bundle DIR'";
      case SERVE -> "the other 'airlock serve'";
    };
  }

  /** The failure's message in the command line's words. */
  static String message(AirlockException e) {
    return e.message(CliWords::of);
  }
}
