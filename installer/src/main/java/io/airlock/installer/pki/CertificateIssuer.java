package io.airlock.installer.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes Airlock's certificates with BouncyCastle: a CA, registry server certificates and proxy
 * client certificates. Validity starts five minutes back so that nodes with a slightly slow clock
 * accept a fresh certificate, and never outlives the CA that signs it.
 */
public final class CertificateIssuer {

  private static final Duration BACKDATE = Duration.ofMinutes(5);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Clock clock;

  public CertificateIssuer(Clock clock) {
    this.clock = clock;
  }

  /** A self-signed CA that may sign end-entity certificates only (path length 0). */
  public IssuedCertificate newAuthority(
      String commonName, KeyAlgorithm algorithm, Duration lifetime) {
    KeyPair keys = algorithm.generate();
    X500Name name = name(commonName);
    Instant now = clock.instant();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
                  name,
                  serial(),
                  Date.from(now.minus(BACKDATE)),
                  Date.from(now.plus(lifetime)),
                  name,
                  keys.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
              .addExtension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  ext.createSubjectKeyIdentifier(keys.getPublic()));
      return new IssuedCertificate(sign(b, keys.getPrivate()), keys.getPrivate());
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot make a CA certificate", e);
    }
  }

  /** A TLS server certificate for the given names, signed by {@code ca}. */
  public IssuedCertificate issueServer(
      IssuedCertificate ca,
      String commonName,
      SubjectNames names,
      KeyAlgorithm algorithm,
      Duration lifetime) {
    List<GeneralName> sans = new ArrayList<>();
    names.dnsNames().forEach(d -> sans.add(new GeneralName(GeneralName.dNSName, d)));
    names.ipAddresses().forEach(ip -> sans.add(new GeneralName(GeneralName.iPAddress, ip)));
    return issue(
        ca,
        commonName,
        algorithm,
        lifetime,
        KeyPurposeId.id_kp_serverAuth,
        new GeneralNames(sans.toArray(GeneralName[]::new)));
  }

  /** A TLS client certificate (the proxy's identity towards the registry), signed by {@code ca}. */
  public IssuedCertificate issueClient(
      IssuedCertificate ca, String commonName, KeyAlgorithm algorithm, Duration lifetime) {
    return issue(ca, commonName, algorithm, lifetime, KeyPurposeId.id_kp_clientAuth, null);
  }

  private IssuedCertificate issue(
      IssuedCertificate ca,
      String commonName,
      KeyAlgorithm algorithm,
      Duration lifetime,
      KeyPurposeId purpose,
      GeneralNames sans) {
    KeyPair keys = algorithm.generate();
    Instant now = clock.instant();
    Instant notAfter = now.plus(lifetime);
    if (notAfter.isAfter(ca.notAfter())) {
      notAfter = ca.notAfter();
    }
    PublicKey caKey = ca.certificate().getPublicKey();
    int usage = KeyUsage.digitalSignature;
    if (algorithm == KeyAlgorithm.RSA_3072) {
      usage |= KeyUsage.keyEncipherment;
    }
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
                  ca.certificate(),
                  serial(),
                  Date.from(now.minus(BACKDATE)),
                  Date.from(notAfter),
                  name(commonName),
                  keys.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(Extension.keyUsage, true, new KeyUsage(usage))
              .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  ext.createSubjectKeyIdentifier(keys.getPublic()))
              .addExtension(
                  Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caKey));
      if (sans != null) {
        // Critical would be right only with an empty subject; ours always has a CN.
        b.addExtension(Extension.subjectAlternativeName, false, sans);
      }
      return new IssuedCertificate(sign(b, ca.privateKey()), keys.getPrivate());
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot issue a certificate for " + commonName, e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              b.build(
                  new JcaContentSignerBuilder(KeyAlgorithm.signatureAlgorithmFor(signer))
                      .build(signer)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, "Airlock")
        .addRDN(BCStyle.CN, commonName)
        .build();
  }

  private static BigInteger serial() {
    return new BigInteger(127, RANDOM).add(BigInteger.ONE);
  }
}
