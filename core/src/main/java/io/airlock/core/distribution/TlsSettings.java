package io.airlock.core.distribution;

import io.airlock.core.BadInputException;
import io.airlock.core.Phrase;
import io.airlock.core.Setting;
import io.airlock.core.keys.Pem;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * How Airlock trusts a registry's certificate: the Java default trust store, plus a CA file the
 * user names, or (only by explicit choice) not at all.
 *
 * @param caFile PEM file of extra CA certificates to trust, or null
 * @param insecureSkipVerify accept any certificate; the connection is encrypted but not
 *     authenticated
 */
public record TlsSettings(@Nullable Path caFile, boolean insecureSkipVerify) {

  private static final Phrase CA_HINT =
      Phrase.of(
          "Give the PEM file of the CA that signed the registry's certificate as ",
          Setting.CA_FILE,
          ".");

  public static TlsSettings defaults() {
    return new TlsSettings(null, false);
  }

  /** The SSL context to connect with. */
  public SSLContext sslContext() throws BadInputException {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      if (insecureSkipVerify) {
        context.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
      } else if (caFile != null) {
        context.init(null, trustManagersWith(readCertificates(caFile)), new SecureRandom());
      } else {
        return SSLContext.getDefault();
      }
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this Java runtime cannot set up TLS: " + e, e);
    }
  }

  private static Collection<? extends Certificate> readCertificates(Path file)
      throws BadInputException {
    return Pem.certificates(file, Phrase.of("The CA file ", file), CA_HINT);
  }

  /** The default trust anchors plus the given CAs. */
  private static TrustManager[] trustManagersWith(Collection<? extends Certificate> extra)
      throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException(e);
    }
    TrustManagerFactory defaults =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    defaults.init((KeyStore) null);
    int i = 0;
    for (TrustManager tm : defaults.getTrustManagers()) {
      if (tm instanceof X509TrustManager x509) {
        for (X509Certificate ca : x509.getAcceptedIssuers()) {
          store.setCertificateEntry("default-" + i++, ca);
        }
      }
    }
    for (Certificate c : extra) {
      store.setCertificateEntry("extra-" + i++, c);
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory.getTrustManagers();
  }

  /** Accepts every certificate: only for --insecure-skip-tls-verify. */
  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
