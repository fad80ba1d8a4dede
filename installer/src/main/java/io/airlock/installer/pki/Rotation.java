package io.airlock.installer.pki;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * When a certificate must be renewed: once less than half of its lifetime remains (so a yearly
 * certificate is renewed by any run after six months, long before it can expire unnoticed), when it
 * no longer names what it must, or when its CA changed.
 */
public final class Rotation {

  private Rotation() {}

  /** Why {@code certificate} should be renewed at {@code now}, or empty while it is good. */
  public static Optional<String> renewalReason(X509Certificate certificate, Instant now) {
    Instant notBefore = certificate.getNotBefore().toInstant();
    Instant notAfter = certificate.getNotAfter().toInstant();
    if (!now.isBefore(notAfter)) {
      return Optional.of("it expired on " + notAfter);
    }
    Duration lifetime = Duration.between(notBefore, notAfter);
    Duration left = Duration.between(now, notAfter);
    if (left.compareTo(lifetime.dividedBy(2)) < 0) {
      return Optional.of(
          "less than half of its lifetime is left ("
              + left.toDays()
              + " of "
              + lifetime.toDays()
              + " days; expires "
              + notAfter
              + ")");
    }
    return Optional.empty();
  }

  /** The subjectAltName entries a certificate carries, DNS names and IP addresses. */
  public static SubjectNames namesOf(X509Certificate certificate) {
    List<String> dns = new ArrayList<>();
    List<String> ips = new ArrayList<>();
    try {
      Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          int type = (Integer) san.get(0);
          if (type == 2) {
            dns.add(((String) san.get(1)).toLowerCase(java.util.Locale.ROOT));
          } else if (type == 7) {
            ips.add((String) san.get(1));
          }
        }
      }
    } catch (CertificateParsingException e) {
      throw new IllegalArgumentException("its subjectAltName cannot be read", e);
    }
    return new SubjectNames(dns, ips);
  }

  /** True when {@code certificate}'s signature verifies with {@code issuer}'s key. */
  public static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
    try {
      certificate.verify(issuer.getPublicKey());
      return true;
    } catch (java.security.GeneralSecurityException e) {
      return false;
    }
  }
}
