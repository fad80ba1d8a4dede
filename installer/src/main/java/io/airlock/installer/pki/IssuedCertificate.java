package io.airlock.installer.pki;

import io.airlock.core.keys.Pem;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * A certificate, the chain above it (without the root) and its private key.
 *
 * @param chain intermediates between the certificate and its root, usually empty
 */
public record IssuedCertificate(
    X509Certificate certificate, List<X509Certificate> chain, PrivateKey privateKey) {

  public IssuedCertificate {
    chain = List.copyOf(chain);
  }

  public IssuedCertificate(X509Certificate certificate, PrivateKey privateKey) {
    this(certificate, List.of(), privateKey);
  }

  /** The certificate followed by its chain, as TLS servers send it (tls.crt). */
  public String certificateChainPem() {
    StringBuilder s = new StringBuilder(Pem.certificate(certificate));
    chain.forEach(c -> s.append(Pem.certificate(c)));
    return s.toString();
  }

  public String privateKeyPem() {
    return Pem.privateKey(privateKey);
  }

  public Instant notAfter() {
    return certificate.getNotAfter().toInstant();
  }

  /**
   * SHA-256 of the DER certificate, lower-case hex, as {@code openssl x509 -fingerprint -sha256}
   * shows it (without colons).
   */
  public String fingerprint() {
    return fingerprint(certificate);
  }

  public static String fingerprint(X509Certificate certificate) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot encode a certificate Airlock holds", e);
    }
  }
}
