package io.airlock.installer.pki;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The certificates of one installation.
 *
 * @param authority Airlock's CA that signs: the proxy's client certificate (the registry trusts it
 *     for client authentication) and, unless the user supplied one, the registry's server
 *     certificate
 * @param server the registry's server certificate and key
 * @param serverTrust the root that signed {@code server}: Airlock's CA or the user's; the proxy and
 *     the nodes verify the registry with it
 * @param client the proxy's client certificate and key
 * @param serverUserSupplied true when {@code server} came from the user and Airlock must never
 *     renew it
 * @param rollover the CAs trusted beside {@code authority} while it is being replaced
 */
public record RegistryPki(
    IssuedCertificate authority,
    IssuedCertificate server,
    X509Certificate serverTrust,
    IssuedCertificate client,
    boolean serverUserSupplied,
    CaRollover rollover) {

  public RegistryPki {
    rollover = rollover == null ? CaRollover.NONE : rollover;
  }

  public RegistryPki(
      IssuedCertificate authority,
      IssuedCertificate server,
      X509Certificate serverTrust,
      IssuedCertificate client,
      boolean serverUserSupplied) {
    this(authority, server, serverTrust, client, serverUserSupplied, CaRollover.NONE);
  }

  /**
   * Every CA whose certificates Airlock's parties accept, the signing one first: the registry
   * verifies client certificates with it, and the proxies verify Airlock's server certificate.
   */
  public List<X509Certificate> caBundle() {
    List<X509Certificate> all = new ArrayList<>();
    all.add(authority.certificate());
    if (rollover.next() != null) {
      all.add(rollover.next().certificate());
    }
    all.addAll(rollover.retired());
    return List.copyOf(all);
  }

  /** What the proxies verify the registry with: the user's root, or Airlock's whole bundle. */
  public List<X509Certificate> serverTrustBundle() {
    return serverUserSupplied ? List.of(serverTrust) : caBundle();
  }

  /** The fingerprints recorded in the state, so a later run sees what changed. */
  public Fingerprints fingerprints() {
    return new Fingerprints(
        authority.fingerprint(),
        server.fingerprint(),
        IssuedCertificate.fingerprint(serverTrust),
        client.fingerprint());
  }

  /** SHA-256 fingerprints (hex) of the certificates. */
  public record Fingerprints(String ca, String server, String serverTrust, String client) {}
}
