package io.airlock.installer.pki;

import io.airlock.core.keys.Pem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Test helpers: PEM files on disk for openssl, and JDK SSL contexts from Airlock's certificates.
 */
final class TlsFiles {

  private TlsFiles() {}

  static Path write(Path dir, String name, String pem) {
    try {
      Path f = dir.resolve(name);
      Files.writeString(f, pem);
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An SSL context that presents {@code identity} (may be null) and trusts {@code trust}. */
  static SSLContext context(IssuedCertificate identity, X509Certificate trust) throws Exception {
    KeyManagerFactory kmf = null;
    if (identity != null) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry(
          "me",
          identity.privateKey(),
          new char[0],
          new Certificate[] {reparse(identity.certificate())});
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, new char[0]);
    }
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    ts.setCertificateEntry("ca", trust);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }

  /** Round-trips through PEM so the test uses what Airlock writes, not the object it holds. */
  static X509Certificate reparse(X509Certificate c) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(
                new ByteArrayInputStream(Pem.certificate(c).getBytes(StandardCharsets.US_ASCII)));
  }
}
