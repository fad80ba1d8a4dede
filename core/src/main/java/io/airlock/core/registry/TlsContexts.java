package io.airlock.core.registry;

import io.airlock.core.BadInputException;
import io.airlock.core.Phrase;
import io.airlock.core.Setting;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Server TLS from PEM files as openssl, cert-manager and step-ca write them: a certificate chain
 * and an RSA, EC or Ed25519 key in PKCS#1, SEC1 or PKCS#8 form (BouncyCastle reads them all; the
 * JDK alone reads only PKCS#8). With a client CA, clients must present a certificate it signed.
 */
final class TlsContexts {

  private TlsContexts() {}

  static SslContext server(ServerOptions.Tls tls) throws BadInputException {
    List<X509Certificate> chain = certificates(tls.certificate(), Setting.TLS_CERT);
    PrivateKey key = privateKey(tls.privateKey());
    try {
      SslContextBuilder builder =
          SslContextBuilder.forServer(key, chain.toArray(X509Certificate[]::new))
              .sslProvider(SslProvider.JDK)
              .protocols("TLSv1.3", "TLSv1.2");
      if (tls.clientCa() != null) {
        List<X509Certificate> cas = certificates(tls.clientCa(), Setting.CLIENT_CA);
        builder.trustManager(cas.toArray(X509Certificate[]::new)).clientAuth(ClientAuth.REQUIRE);
      }
      return builder.build();
    } catch (IOException | IllegalArgumentException e) {
      throw new BadInputException(
          "Cannot set up TLS with "
              + tls.certificate()
              + " and "
              + tls.privateKey()
              + ": "
              + e.getMessage(),
          "Check that the key belongs to the certificate.",
          e);
    }
  }

  static List<X509Certificate> certificates(Path file, Setting option) throws BadInputException {
    List<X509Certificate> certs = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(r)) {
      Object o;
      JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
      while ((o = parser.readObject()) != null) {
        if (o instanceof X509CertificateHolder holder) {
          certs.add(converter.getCertificate(holder));
        }
      }
    } catch (IOException | CertificateException e) {
      throw new BadInputException(
          Phrase.of("Cannot read the certificate ", file, " (", option, "): ", e.getMessage()),
          Phrase.of("Give a PEM file with '-----BEGIN CERTIFICATE-----' blocks."),
          e);
    }
    if (certs.isEmpty()) {
      throw new BadInputException(
          Phrase.of(file, " (", option, ") holds no PEM certificate."),
          Phrase.of("Give a PEM file with '-----BEGIN CERTIFICATE-----' blocks."));
    }
    return certs;
  }

  static PrivateKey privateKey(Path file) throws BadInputException {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(r)) {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      Object o;
      while ((o = parser.readObject()) != null) {
        if (o instanceof PEMKeyPair pair) {
          return converter.getKeyPair(pair).getPrivate();
        }
        if (o instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
          throw new BadInputException(
              "The private key " + file + " is encrypted with a passphrase.",
              "Decrypt it for the server: openssl pkey -in " + file + " -out key.pem");
        }
      }
    } catch (IOException e) {
      throw new BadInputException(
          Phrase.of(
              "Cannot read the private key ", file, " (", Setting.TLS_KEY, "): ", e.getMessage()),
          null,
          e);
    }
    throw new BadInputException(
        Phrase.of(file, " (", Setting.TLS_KEY, ") holds no PEM private key."),
        Phrase.of("Give the key in PEM, e.g. '-----BEGIN PRIVATE KEY-----'."));
  }
}
