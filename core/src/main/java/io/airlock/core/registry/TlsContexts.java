package io.airlock.core.registry;

import io.airlock.core.BadInputException;
import io.airlock.core.Phrase;
import io.airlock.core.Setting;
import io.airlock.core.keys.Pem;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

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
    return Pem.certificates(
        file,
        Phrase.of("The certificate file ", file, " (", option, ")"),
        Phrase.of("Give a PEM file with '-----BEGIN CERTIFICATE-----' blocks only."));
  }

  static PrivateKey privateKey(Path file) throws BadInputException {
    return Pem.privateKey(
        file,
        Phrase.of("The private key file ", file, " (", Setting.TLS_KEY, ")"),
        Phrase.of(
            "Give the key unencrypted in PEM, e.g. '-----BEGIN PRIVATE KEY-----' (openssl pkey -in ",
            file,
            " -out key.pem decrypts one)."));
  }
}
