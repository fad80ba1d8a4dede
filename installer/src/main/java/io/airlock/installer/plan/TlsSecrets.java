package io.airlock.installer.plan;

import io.airlock.core.keys.Pem;
import io.airlock.installer.pki.CaRollover;
import io.airlock.installer.pki.IssuedCertificate;
import io.airlock.installer.pki.RegistryPki;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The PKI as Kubernetes TLS Secrets ({@code ca.crt}, {@code tls.crt}, {@code tls.key}), and back:
 * {@code airlock-ca} (the CA and its key, to issue later certificates), {@code
 * airlock-registry-tls} (server certificate; ca.crt verifies clients) and {@code airlock-proxy-tls}
 * (client certificate; ca.crt verifies the registry). Each ca.crt is a bundle: while the CA is
 * replaced it holds the old and the new CA (see {@link CaRollover}); {@code airlock-ca} then also
 * holds the published CA's certificate and key ({@code next.crt}, {@code next.key}).
 */
public final class TlsSecrets {

  public static final String CA = "airlock-ca";
  public static final String REGISTRY = "airlock-registry-tls";
  public static final String PROXY = "airlock-proxy-tls";

  /** In {@link #CA} while a new CA is published but not signing yet: its certificate and key. */
  static final String NEXT_CRT = "next.crt";

  static final String NEXT_KEY = "next.key";

  /** When the new CA was published (an instant); a later run switches to it from then on. */
  public static final String NEXT_PUBLISHED = "airlock.io/next-ca-published";

  /** SHA-256 of every CA in ca.crt, comma-separated, for a person reading the Secret. */
  public static final String TRUSTED = "airlock.io/trusted-ca-sha256";

  /** Keys whose values are secret: the output never shows them. */
  public static final List<String> SECRET_KEYS =
      List.of("tls.key", NEXT_KEY, "htpasswd", "password", ".dockerconfigjson");

  private TlsSecrets() {}

  public static List<Secret> of(RegistryPki pki, String namespace) {
    Secret ca =
        secret(
            CA,
            namespace,
            pki.authority(),
            pki.caBundle(),
            "the CA that signs Airlock's certificates; ca.crt holds every CA Airlock trusts");
    CaRollover r = pki.rollover();
    if (r.next() != null) {
      ca.getMetadata()
          .getAnnotations()
          .put(NEXT_PUBLISHED, (r.published() == null ? Instant.EPOCH : r.published()).toString());
      ca.getData().put(NEXT_CRT, b64(r.next().certificateChainPem()));
      ca.getData().put(NEXT_KEY, b64(r.next().privateKeyPem()));
    }
    return List.of(
        ca,
        secret(
            REGISTRY,
            namespace,
            pki.server(),
            pki.caBundle(),
            "the registry's server certificate; ca.crt verifies the proxies' client certificates"),
        secret(
            PROXY,
            namespace,
            pki.client(),
            pki.serverTrustBundle(),
            "the proxies' client certificate; ca.crt verifies the registry"));
  }

  private static Secret secret(
      String name,
      String namespace,
      IssuedCertificate cert,
      List<X509Certificate> trust,
      String what) {
    StringBuilder bundle = new StringBuilder();
    trust.forEach(c -> bundle.append(Pem.certificate(c)));
    return new SecretBuilder()
        .withNewMetadataLike(Labels.metadata(name, namespace, "pki"))
        .addToAnnotations("airlock.io/description", what)
        .addToAnnotations("airlock.io/sha256", cert.fingerprint())
        .addToAnnotations("airlock.io/not-after", cert.notAfter().toString())
        .addToAnnotations(
            TRUSTED, String.join(",", trust.stream().map(IssuedCertificate::fingerprint).toList()))
        .endMetadata()
        .withType("kubernetes.io/tls")
        .addToData("ca.crt", b64(bundle.toString()))
        .addToData("tls.crt", b64(cert.certificateChainPem()))
        .addToData("tls.key", b64(cert.privateKeyPem()))
        .build();
  }

  /**
   * True when {@code live} already holds what {@code planned} would write: the same certificate,
   * trust bundle and published CA. A kept certificate whose Secret needs a new bundle is updated.
   */
  public static boolean unchanged(Secret planned, HasMetadata live) {
    if (!(live instanceof Secret s) || s.getData() == null) {
      return false;
    }
    for (String key : List.of("ca.crt", "tls.crt", NEXT_CRT)) {
      if (!Objects.equals(planned.getData().get(key), s.getData().get(key))) {
        return false;
      }
    }
    Map<String, String> a = s.getMetadata().getAnnotations();
    return Objects.equals(
        planned.getMetadata().getAnnotations().get(NEXT_PUBLISHED),
        a == null ? null : a.get(NEXT_PUBLISHED));
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
      IssuedCertificate authority = issued(ca, "tls.crt", "tls.key");
      IssuedCertificate server = issued(registry, "tls.crt", "tls.key");
      IssuedCertificate client = issued(proxy, "tls.crt", "tls.key");
      X509Certificate serverTrust = Pem.certificates(text(proxy, "ca.crt")).get(0);
      return Optional.of(
          new RegistryPki(
              authority, server, serverTrust, client, serverUserSupplied, rollover(ca, authority)));
    } catch (RuntimeException e) {
      return Optional.empty(); // unreadable: the plan renews them
    }
  }

  /** The published CA, if any, and the retired ones: the rest of the CA Secret's ca.crt. */
  private static CaRollover rollover(Secret ca, IssuedCertificate authority) {
    IssuedCertificate next = null;
    Instant published = null;
    if (ca.getData().containsKey(NEXT_CRT)) {
      next = issued(ca, NEXT_CRT, NEXT_KEY);
      Map<String, String> a = ca.getMetadata().getAnnotations();
      try {
        published = a == null ? null : Instant.parse(a.get(NEXT_PUBLISHED));
      } catch (RuntimeException e) {
        published = null; // the run publishes it again from its own time
      }
    }
    List<X509Certificate> retired = new ArrayList<>();
    if (ca.getData().containsKey("ca.crt")) {
      for (X509Certificate c : Pem.certificates(text(ca, "ca.crt"))) {
        if (!c.equals(authority.certificate()) && (next == null || !c.equals(next.certificate()))) {
          retired.add(c);
        }
      }
    }
    return new CaRollover(next, published, retired);
  }

  private static IssuedCertificate issued(Secret s, String crt, String key) {
    List<X509Certificate> chain = Pem.certificates(text(s, crt));
    return new IssuedCertificate(
        chain.get(0), chain.subList(1, chain.size()), Pem.privateKey(text(s, key)));
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
