package io.airlock.installer.pki;

import java.security.cert.X509Certificate;

/**
 * The certificates of one installation.
 *
 * @param authority Airlock's CA: signs the proxy's client certificate (the registry trusts it for
 *     client authentication) and, unless the user supplied one, the registry's server certificate
 * @param server the registry's server certificate and key
 * @param serverTrust the root that signed {@code server}: Airlock's CA or the user's; the proxy and
 *     the nodes verify the registry with it
 * @param client the proxy's client certificate and key
 * @param serverUserSupplied true when {@code server} came from the user and Airlock must never
 *     renew it
 */
public record RegistryPki(
    IssuedCertificate authority,
    IssuedCertificate server,
    X509Certificate serverTrust,
    IssuedCertificate client,
    boolean serverUserSupplied) {

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
