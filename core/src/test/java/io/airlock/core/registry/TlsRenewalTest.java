package io.airlock.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.progress.Notice;
import io.airlock.core.testing.EmbeddedRegistry;
import io.airlock.core.testing.OpensslCa;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A renewed certificate serves new connections without a restart, its files swapped as the kubelet
 * swaps a Secret's (a new directory, then the {@code ..data} link renamed over the old one); a
 * half-written key leaves the certificate before it in use. Certificates made by openssl.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TlsRenewalTest {

  @TempDir static Path dir;
  static OpensslCa ca;
  static Path secret;
  static OpensslCa.Pair first;
  @AutoClose static EmbeddedRegistry registry;

  @BeforeAll
  static void start() throws Exception {
    ca = OpensslCa.create(Files.createDirectories(dir.resolve("ca")), "airlock");
    secret = Files.createDirectories(dir.resolve("secret"));
    first = ca.server("first", "IP:127.0.0.1");
    publish("..2026_01", first.cert(), first.key());
    Files.createSymbolicLink(secret.resolve("tls.crt"), Path.of("..data/tls.crt"));
    Files.createSymbolicLink(secret.resolve("tls.key"), Path.of("..data/tls.key"));
    ServerOptions.Tls tls =
        new ServerOptions.Tls(secret.resolve("tls.crt"), secret.resolve("tls.key"), null);
    registry =
        EmbeddedRegistry.start(
            dir.resolve("store"),
            0,
            a -> new ServerOptions(List.of(a), tls, null, Set.of(), false, Duration.ofSeconds(5)));
  }

  @Test
  @Order(1)
  void aRenewedCertificateServesNewConnectionsWithoutARestart() throws Exception {
    assertEquals(serial(first.cert()), servedSerial());
    OpensslCa.Pair second = ca.server("second", "IP:127.0.0.1");
    publish("..2026_02", second.cert(), second.key());
    assertEquals(serial(second.cert()), awaitServed(serial(second.cert())));
    assertTrue(
        registry.events().stream()
            .anyMatch(e -> e instanceof Notice n && n.message().contains("took the changed")),
        registry.events().toString());
  }

  @Test
  @Order(2)
  void aHalfWrittenKeyKeepsTheCertificateBeforeIt() throws Exception {
    BigInteger before = servedSerial();
    OpensslCa.Pair third = ca.server("third", "IP:127.0.0.1");
    Path half = dir.resolve("half.key");
    byte[] key = Files.readAllBytes(third.key());
    Files.write(half, java.util.Arrays.copyOf(key, key.length / 2));
    publish("..2026_03", third.cert(), half);
    Thread.sleep(ServerTls.CHECK_NANOS / 1_000_000 + 500);
    assertEquals(before, servedSerial(), "the half-written pair must not be taken");
    assertEquals(before, servedSerial());
    assertTrue(
        registry.events().stream()
            .anyMatch(
                e ->
                    e instanceof Notice n
                        && n.level() == Notice.Level.WARNING
                        && n.message().contains("do not load")),
        registry.events().toString());
    // The key written in full: taken at the next check.
    publish("..2026_04", third.cert(), third.key());
    assertEquals(serial(third.cert()), awaitServed(serial(third.cert())));
  }

  /** The kubelet's way: the files in a new directory, then {@code ..data} pointed at it at once. */
  private static void publish(String version, Path cert, Path key) throws Exception {
    Path d = Files.createDirectories(secret.resolve(version));
    Files.copy(cert, d.resolve("tls.crt"));
    Files.copy(key, d.resolve("tls.key"));
    Path link = secret.resolve("..data_tmp");
    Files.deleteIfExists(link);
    Files.createSymbolicLink(link, Path.of(version));
    Files.move(
        link,
        secret.resolve("..data"),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  private static BigInteger awaitServed(BigInteger expected) throws Exception {
    BigInteger served = servedSerial();
    for (int i = 0; i < 40 && !served.equals(expected); i++) {
      Thread.sleep(250);
      served = servedSerial();
    }
    return served;
  }

  /** The serial of the certificate a new TLS connection is given, trusting only the CA. */
  private static BigInteger servedSerial() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", read(ca.certificate()));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    String[] host = registry.host().split(":");
    try (SSLSocket s =
        (SSLSocket) context.getSocketFactory().createSocket(host[0], Integer.parseInt(host[1]))) {
      s.startHandshake();
      return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber();
    }
  }

  private static BigInteger serial(Path cert) throws Exception {
    return read(cert).getSerialNumber();
  }

  private static X509Certificate read(Path cert) throws Exception {
    try (InputStream in = Files.newInputStream(cert)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }
}
