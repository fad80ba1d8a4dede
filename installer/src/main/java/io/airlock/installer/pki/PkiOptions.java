package io.airlock.installer.pki;

import java.time.Duration;

/**
 * How Airlock makes its certificates.
 *
 * @param algorithm key type of new keys
 * @param caLifetime lifetime of a new CA (default 10 years)
 * @param leafLifetime lifetime of new server and client certificates (default 1 year; renewed by
 *     any run after half of it)
 * @param serverNames what the server certificate must name
 * @param userServer a server certificate the user supplied, or null for Airlock's own
 */
public record PkiOptions(
    KeyAlgorithm algorithm,
    Duration caLifetime,
    Duration leafLifetime,
    SubjectNames serverNames,
    UserCertificate userServer) {

  public static final Duration DEFAULT_CA_LIFETIME = Duration.ofDays(3650);
  public static final Duration DEFAULT_LEAF_LIFETIME = Duration.ofDays(365);

  public static PkiOptions defaults(SubjectNames serverNames) {
    return new PkiOptions(
        KeyAlgorithm.ECDSA_P256, DEFAULT_CA_LIFETIME, DEFAULT_LEAF_LIFETIME, serverNames, null);
  }

  public PkiOptions withAlgorithm(KeyAlgorithm a) {
    return new PkiOptions(a, caLifetime, leafLifetime, serverNames, userServer);
  }

  public PkiOptions withUserServer(UserCertificate u) {
    return new PkiOptions(algorithm, caLifetime, leafLifetime, serverNames, u);
  }

  public PkiOptions withLifetimes(Duration ca, Duration leaf) {
    return new PkiOptions(algorithm, ca, leaf, serverNames, userServer);
  }
}
