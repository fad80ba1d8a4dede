package io.airlock.installer.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.keys.Pem;
import io.airlock.core.testing.Command;
import io.airlock.core.testing.FreePort;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Airlock's certificates checked by the real oracle, OpenSSL: {@code openssl verify} with the
 * server and client purposes, the subjectAltName as openssl prints it, and TLS handshakes with
 * client authentication in both directions (openssl s_server with a JDK client, a JDK server with
 * openssl s_client).
 */
class CertificateIssuerTest {

  @TempDir static Path dir;
  static final SubjectNames NAMES =
      SubjectNames.forService(
          "airlock-registry", "airlock-system", List.of("registry.example.org", "10.0.0.7"));
  static IssuedCertificate ca;
  static IssuedCertificate server;
  static IssuedCertificate client;
  static Process sServer;
  static int sServerPort;

  @BeforeAll
  static void startOpensslServer() throws Exception {
    CertificateIssuer issuer = new CertificateIssuer(Clock.systemUTC());
    ca = issuer.newAuthority("test CA", KeyAlgorithm.ECDSA_P256, Duration.ofDays(3650));
    server =
        issuer.issueServer(
            ca, "airlock-registry", NAMES, KeyAlgorithm.ECDSA_P256, Duration.ofDays(365));
    client = issuer.issueClient(ca, "airlock-proxy", KeyAlgorithm.ECDSA_P256, Duration.ofDays(365));
    TlsFiles.write(dir, "ca.pem", Pem.certificate(ca.certificate()));
    TlsFiles.write(dir, "server.pem", server.certificateChainPem());
    TlsFiles.write(dir, "server.key", server.privateKeyPem());
    TlsFiles.write(dir, "client.pem", client.certificateChainPem());
    TlsFiles.write(dir, "client.key", client.privateKeyPem());
    Command.requireTool("openssl");
    sServerPort = FreePort.find();
    // -Verify 1: a client certificate is required and must chain to ca.pem, like the registry's
    // mTLS.
    sServer =
        new ProcessBuilder(
                "openssl",
                "s_server",
                "-accept",
                "127.0.0.1:" + sServerPort,
                "-cert",
                dir.resolve("server.pem").toString(),
                "-key",
                dir.resolve("server.key").toString(),
                "-CAfile",
                dir.resolve("ca.pem").toString(),
                "-Verify",
                "1",
                "-verify_return_error",
                "-www",
                "-quiet")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("s_server.log").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try (Socket s = new Socket("127.0.0.1", sServerPort)) {
        break;
      } catch (java.io.IOException e) {
        if (System.nanoTime() > deadline || !sServer.isAlive()) {
          throw new AssertionError("openssl s_server did not start", e);
        }
        Thread.sleep(50);
      }
    }
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (sServer != null) {
      sServer.destroy();
      sServer.waitFor();
    }
  }

  /** {@code openssl verify} of {@code cert} against the CA, for a purpose. */
  static Command.Result opensslVerify(String purpose, String cert) {
    return Command.run(
        "openssl",
        "verify",
        "-CAfile",
        dir.resolve("ca.pem").toString(),
        "-purpose",
        purpose,
        dir.resolve(cert).toString());
  }

  @Test
  void opensslVerifiesServerAndClientForTheirPurposes() {
    Command.Result server = opensslVerify("sslserver", "server.pem");
    assertTrue(server.exitCode() == 0 && server.out().contains(": OK"), server.out());
    Command.Result client = opensslVerify("sslclient", "client.pem");
    assertTrue(client.exitCode() == 0 && client.out().contains(": OK"), client.out());
    // The client certificate is for clients only: a server must not be able to use it.
    Command.Result wrongPurpose = opensslVerify("sslserver", "client.pem");
    assertTrue(wrongPurpose.exitCode() != 0, wrongPurpose.out());
  }

  @Test
  void serverCertificateNamesTheServiceLoopbackAndExtras() {
    String san =
        Command.ok(
                "openssl",
                "x509",
                "-noout",
                "-ext",
                "subjectAltName",
                "-in",
                dir.resolve("server.pem").toString())
            .out();
    for (String expected :
        List.of(
            "DNS:airlock-registry",
            "DNS:airlock-registry.airlock-system",
            "DNS:airlock-registry.airlock-system.svc",
            "DNS:airlock-registry.airlock-system.svc.cluster.local",
            "DNS:localhost",
            "DNS:registry.example.org",
            "IP Address:127.0.0.1",
            "IP Address:0:0:0:0:0:0:0:1",
            "IP Address:10.0.0.7")) {
      assertTrue(san.contains(expected), expected + " missing from " + san);
    }
  }

  @Test
  void caIsLimitedToSigningLeafCertificates() {
    String text =
        Command.ok("openssl", "x509", "-noout", "-text", "-in", dir.resolve("ca.pem").toString())
            .out();
    assertTrue(text.contains("CA:TRUE, pathlen:0"), text);
    assertTrue(text.contains("Certificate Sign, CRL Sign"), text);
    assertTrue(text.contains("ASN1 OID: prime256v1"), text);
  }

  @Test
  void jdkClientWithCertificateCompletesHandshakeWithOpensslServer() throws Exception {
    for (String host : List.of("localhost", "127.0.0.1")) {
      String page = httpsGet(TlsFiles.context(client, ca.certificate()), host);
      assertTrue(page.startsWith("HTTP/1.0 200 ok"), page);
    }
  }

  @Test
  void opensslServerRefusesClientWithoutCertificateOrFromAnotherCa() throws Exception {
    Exception none =
        assertThrows(
            Exception.class, () -> httpsGet(TlsFiles.context(null, ca.certificate()), "localhost"));
    assertTrue(
        none instanceof SSLHandshakeException
            || none instanceof java.net.SocketException
            || none.getMessage() != null,
        none.toString());
    CertificateIssuer issuer = new CertificateIssuer(Clock.systemUTC());
    IssuedCertificate otherCa =
        issuer.newAuthority("other CA", KeyAlgorithm.ECDSA_P256, Duration.ofDays(10));
    IssuedCertificate stranger =
        issuer.issueClient(otherCa, "stranger", KeyAlgorithm.ECDSA_P256, Duration.ofDays(1));
    assertThrows(
        Exception.class, () -> httpsGet(TlsFiles.context(stranger, ca.certificate()), "localhost"));
  }

  @Test
  void jdkClientRefusesServerNotSignedByTrustedCa() throws Exception {
    IssuedCertificate otherCa =
        new CertificateIssuer(Clock.systemUTC())
            .newAuthority("other CA", KeyAlgorithm.ECDSA_P256, Duration.ofDays(10));
    SSLHandshakeException e =
        assertThrows(
            SSLHandshakeException.class,
            () -> httpsGet(TlsFiles.context(client, otherCa.certificate()), "localhost"));
    assertTrue(e.getMessage().contains("PKIX"), e.getMessage());
  }

  @Test
  void rsaServerOnJdkAcceptsOpensslClientWithRsaClientCertificate() throws Exception {
    CertificateIssuer issuer = new CertificateIssuer(Clock.systemUTC());
    IssuedCertificate rsaCa =
        issuer.newAuthority("rsa CA", KeyAlgorithm.RSA_3072, Duration.ofDays(3650));
    IssuedCertificate rsaServer =
        issuer.issueServer(
            rsaCa, "airlock-registry", NAMES, KeyAlgorithm.RSA_3072, Duration.ofDays(365));
    IssuedCertificate rsaClient =
        issuer.issueClient(rsaCa, "airlock-proxy", KeyAlgorithm.RSA_3072, Duration.ofDays(365));
    Path caFile = TlsFiles.write(dir, "rsa-ca.pem", Pem.certificate(rsaCa.certificate()));
    Path serverFile = TlsFiles.write(dir, "rsa-server.pem", rsaServer.certificateChainPem());
    Path clientFile = TlsFiles.write(dir, "rsa-client.pem", rsaClient.certificateChainPem());
    Path clientKey = TlsFiles.write(dir, "rsa-client.key", rsaClient.privateKeyPem());
    assertTrue(
        Command.ok(
                "openssl",
                "verify",
                "-CAfile",
                caFile.toString(),
                "-purpose",
                "sslserver",
                serverFile.toString())
            .out()
            .contains("OK"));
    assertTrue(
        Command.ok("openssl", "x509", "-noout", "-text", "-in", serverFile.toString())
            .out()
            .contains("Public-Key: (3072 bit)"));

    try (SSLServerSocket ss =
        (SSLServerSocket)
            TlsFiles.context(rsaServer, rsaCa.certificate())
                .getServerSocketFactory()
                .createServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      ss.setNeedClientAuth(true);
      CompletableFuture<String> peer =
          CompletableFuture.supplyAsync(
              () -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                  s.startHandshake();
                  String who = s.getSession().getPeerPrincipal().getName();
                  s.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
                  return who;
                } catch (Exception e) {
                  return "failed: " + e;
                }
              });
      Command.Result r =
          Command.run(
              "sh",
              "-c",
              "openssl s_client -connect 127.0.0.1:"
                  + ss.getLocalPort()
                  + " -CAfile "
                  + caFile
                  + " -cert "
                  + clientFile
                  + " -key "
                  + clientKey
                  + " -verify_return_error -verify_hostname localhost -brief </dev/null");
      assertEquals(0, r.exitCode(), r.stderr() + r.out());
      assertTrue(r.stderr().contains("Verification: OK"), r.stderr());
      assertTrue(peer.get(20, TimeUnit.SECONDS).contains("CN=airlock-proxy"));
    }
  }

  private static String httpsGet(javax.net.ssl.SSLContext ctx, String host) throws Exception {
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(host, sServerPort)) {
      SSLParameters p = s.getSSLParameters();
      p.setEndpointIdentificationAlgorithm("HTTPS"); // check the SAN against the host name
      s.setSSLParameters(p);
      s.setSoTimeout(10_000);
      s.startHandshake();
      OutputStream out = s.getOutputStream();
      out.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
