package io.airlock.installer.plan;

import io.airlock.core.keys.Pem;
import io.airlock.installer.pki.IssuedCertificate;
import io.airlock.installer.pki.RegistryPki;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The PKI as Kubernetes TLS Secrets ({@code ca.crt}, {@code tls.crt}, {@code tls.key}), and back:
 * {@code airlock-ca} (the CA and its key, to issue later certificates), {@code
 * airlock-registry-tls} (server certificate; ca.crt verifies clients) and {@code airlock-proxy-tls}
 * (client certificate; ca.crt verifies the registry).
 */
public final class TlsSecrets {

  public static final String CA = "airlock-ca";
  public static final String REGISTRY = "airlock-registry-tls";
  public static final String PROXY = "airlock-proxy-tls";

  /** Keys whose values are secret: the output never shows them. */
  public static final List<String> SECRET_KEYS =
      List.of("tls.key", "htpasswd", "password", ".dockerconfigjson");

  private TlsSecrets() {}

  public static List<Secret> of(RegistryPki pki, String namespace) {
    return List.of(
        secret(
            CA,
            namespace,
            pki.authority(),
            pki.authority().certificate(),
            "the CA that signs Airlock's certificates"),
        secret(
            REGISTRY,
            namespace,
            pki.server(),
            pki.authority().certificate(),
            "the registry's server certificate; ca.crt verifies the proxies' client certificates"),
        secret(
            PROXY,
            namespace,
            pki.client(),
            pki.serverTrust(),
            "the proxies' client certificate; ca.crt verifies the registry"));
  }

  private static Secret secret(
      String name, String namespace, IssuedCertificate cert, X509Certificate ca, String what) {
    return new SecretBuilder()
        .withNewMetadataLike(Labels.metadata(name, namespace, "pki"))
        .addToAnnotations("airlock.io/description", what)
        .addToAnnotations("airlock.io/sha256", cert.fingerprint())
        .addToAnnotations("airlock.io/not-after", cert.notAfter().toString())
        .endMetadata()
        .withType("kubernetes.io/tls")
        .addToData("ca.crt", b64(Pem.certificate(ca)))
        .addToData("tls.crt", b64(cert.certificateChainPem()))
        .addToData("tls.key", b64(cert.privateKeyPem()))
        .build();
  }

  /**
   * The PKI stored in the cluster, when all three Secrets are there and readable.
   *
   * @param serverUserSupplied what the state recorded about the server certificate
   */
  public static Optional<RegistryPki> read(
      Secret ca, Secret registry, Secret proxy, boolean serverUserSupplied) {
    if (ca == null || registry == null || proxy == null) {
      return Optional.empty();
    }
    try {
      IssuedCertificate authority = issued(ca);
      IssuedCertificate server = issued(registry);
      IssuedCertificate client = issued(proxy);
      X509Certificate serverTrust = Pem.certificates(text(proxy, "ca.crt")).get(0);
      return Optional.of(
          new RegistryPki(authority, server, serverTrust, client, serverUserSupplied));
    } catch (RuntimeException e) {
      return Optional.empty(); // unreadable: the plan renews them
    }
  }

  private static IssuedCertificate issued(Secret s) {
    List<X509Certificate> chain = Pem.certificates(text(s, "tls.crt"));
    return new IssuedCertificate(
        chain.get(0), chain.subList(1, chain.size()), Pem.privateKey(text(s, "tls.key")));
  }

  private static String text(Secret s, String key) {
    Map<String, String> data = s.getData();
    if (data == null || data.get(key) == null) {
      throw new IllegalArgumentException(s.getMetadata().getName() + " has no " + key);
    }
    return new String(Base64.getDecoder().decode(data.get(key)), StandardCharsets.US_ASCII);
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
