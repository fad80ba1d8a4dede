package io.airlock.installer.cluster;

import io.airlock.core.BadInputException;
import io.airlock.core.Phrase;
import io.airlock.core.Setting;
import io.airlock.core.UserDirs;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * An open connection to a cluster, and where it points, for messages. Fails fast: a few seconds to
 * connect and one retry, so an unreachable API server is reported at once, not after minutes of
 * back-off.
 */
public record KubeConnection(KubernetesClient client, String server, String context)
    implements AutoCloseable {

  private static final int CONNECT_TIMEOUT_MS = 10_000;
  private static final int REQUEST_TIMEOUT_MS = 30_000;

  /**
   * Opens a connection from a kubeconfig file, or from {@code KUBECONFIG} / {@code ~/.kube/config}
   * / the in-cluster service account when {@code kubeconfig} is null.
   *
   * @param context the context to use, or null for the current one
   */
  public static KubeConnection open(Path kubeconfig, String context, Instant now)
      throws BadInputException {
    Config config = load(kubeconfig, context, now);
    String contextName =
        config.getCurrentContext() == null ? "(none)" : config.getCurrentContext().getName();
    cheapInMemoryKeyStores();
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    return new KubeConnection(client, config.getMasterUrl(), contextName);
  }

  /**
   * The client reads a kubeconfig's client key into a PKCS12 key store held in memory, which by
   * default protects each key with 10,000 rounds of a password hash: about a second of CPU in a JVM
   * that has just started, at every connection. The store is never written anywhere and the key is
   * in this process's memory anyway, so one round protects nothing less. A value given on the
   * command line is kept.
   */
  static void cheapInMemoryKeyStores() {
    if (System.getProperty(PKCS12_KEY_ROUNDS) == null) {
      System.setProperty(PKCS12_KEY_ROUNDS, "1");
    }
  }

  static final String PKCS12_KEY_ROUNDS = "keystore.pkcs12.keyPbeIterationCount";

  /** The client configuration {@link #open} connects with, checked; nothing is contacted. */
  static Config load(Path kubeconfig, String context, Instant now) throws BadInputException {
    Config config;
    try {
      if (kubeconfig != null) {
        if (!Files.isRegularFile(kubeconfig)) {
          throw new BadInputException(
              Phrase.of("The kubeconfig " + kubeconfig + " does not exist."),
              Phrase.of("Check the path of ", Setting.KUBECONFIG, "."));
        }
        requireServerScheme(kubeconfig, context);
        config = Config.fromKubeconfig(context, kubeconfig.toFile());
      } else {
        if (!anyKubeconfig()) {
          throw new BadInputException(
              Phrase.of(
                  "No kubeconfig found: KUBECONFIG is not set, ~/.kube/config does not exist, and Airlock is not running inside a cluster."),
              Phrase.of(
                  "Give ",
                  Setting.KUBECONFIG,
                  ", or set KUBECONFIG (for k3s: /etc/rancher/k3s/k3s.yaml; kubeadm: /etc/kubernetes/admin.conf)."));
        }
        config = Config.autoConfigure(context);
      }
    } catch (RuntimeException e) {
      BadInputException notYaml = kubeconfig == null ? null : Kubeconfig.notYaml(kubeconfig, e);
      if (notYaml != null) {
        throw notYaml;
      }
      throw new BadInputException(
          "Cannot use the kubeconfig"
              + (kubeconfig == null ? "" : " " + kubeconfig)
              + (context == null ? "" : " with context '" + context + "'")
              + ": "
              + Optional.ofNullable(e.getMessage()).orElse(e.toString())
              + ".",
          "Check the file (kubectl config view) and the context name (kubectl config get-contexts).",
          e);
    }
    if (context != null
        && (config.getCurrentContext() == null
            || !context.equals(config.getCurrentContext().getName()))) {
      throw new BadInputException(
          "The kubeconfig has no context named '" + context + "'.",
          "List the contexts with: kubectl config get-contexts.");
    }
    String contextName =
        config.getCurrentContext() == null ? "(none)" : config.getCurrentContext().getName();
    checkClientCertificate(config, contextName, now);
    ClientKeys.adapt(
        config,
        "The kubeconfig"
            + (kubeconfig == null ? "" : " " + kubeconfig)
            + " (context '"
            + contextName
            + "')");
    config.setConnectionTimeout(CONNECT_TIMEOUT_MS);
    config.setRequestTimeout(REQUEST_TIMEOUT_MS);
    config.setRequestRetryBackoffLimit(1);
    return config;
  }

  /**
   * Refuses a server URL without {@code https://} or {@code http://}: given one, Fabric8 opens a
   * connection to the server while it loads the file, to guess the scheme (found by fuzzing).
   */
  private static void requireServerScheme(Path kubeconfig, String context)
      throws BadInputException {
    io.fabric8.kubernetes.api.model.Config file;
    try {
      file = KubeConfigUtils.parseConfig(kubeconfig.toFile());
    } catch (RuntimeException e) {
      return; // Config.fromKubeconfig reports it
    }
    if (file == null || file.getContexts() == null || file.getClusters() == null) {
      return;
    }
    String name = context != null ? context : file.getCurrentContext();
    String cluster =
        file.getContexts().stream()
            .filter(c -> c != null && c.getContext() != null && Objects.equals(c.getName(), name))
            .map(c -> c.getContext().getCluster())
            .findFirst()
            .orElse(null);
    for (NamedCluster c : file.getClusters()) {
      String server = c == null || c.getCluster() == null ? null : c.getCluster().getServer();
      if (c != null
          && Objects.equals(c.getName(), cluster)
          && server != null
          && !server.startsWith("https://")
          && !server.startsWith("http://")) {
        throw new BadInputException(
            "The kubeconfig "
                + kubeconfig
                + " gives the server of cluster '"
                + cluster
                + "' as '"
                + server
                + "', without https://.",
            "Write it as https://"
                + server
                + " (kubectl config set-cluster "
                + cluster
                + " --server=https://"
                + server
                + ").");
      }
    }
  }

  private static boolean anyKubeconfig() {
    String env = System.getenv("KUBECONFIG");
    if (env != null && !env.isBlank()) {
      return true;
    }
    return UserDirs.current().kubeconfigs().stream().anyMatch(Files::isRegularFile)
        || Files.isRegularFile(Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token"))
        || System.getProperty("kubeconfig") != null;
  }

  /** For tests and callers that already hold a client. */
  public static KubeConnection of(KubernetesClient client) {
    return new KubeConnection(client, client.getConfiguration().getMasterUrl(), "(given client)");
  }

  /** An expired client certificate is the commonest stale kubeconfig: say so before any request. */
  private static void checkClientCertificate(Config config, String context, Instant now)
      throws BadInputException {
    byte[] pem = null;
    try {
      if (config.getClientCertData() != null) {
        pem = Base64.getDecoder().decode(config.getClientCertData().trim());
      } else if (config.getClientCertFile() != null
          && Files.isRegularFile(Path.of(config.getClientCertFile()))) {
        pem = Files.readAllBytes(Path.of(config.getClientCertFile()));
      }
    } catch (IllegalArgumentException | java.io.IOException e) {
      return; // the client library will report an unreadable certificate itself
    }
    if (pem == null) {
      return;
    }
    try {
      X509Certificate cert =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(pem));
      if (now.isAfter(cert.getNotAfter().toInstant())) {
        throw new BadInputException(
            "The client certificate of kubeconfig context '"
                + context
                + "' expired on "
                + cert.getNotAfter().toInstant()
                + ".",
            "Get a fresh kubeconfig from the cluster's administrator (kubeadm: kubeadm kubeconfig user; k3s: /etc/rancher/k3s/k3s.yaml).");
      }
    } catch (CertificateException e) {
      // not a certificate we can read; the TLS layer will say more
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
