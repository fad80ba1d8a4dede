package io.airlock.core.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.airlock.core.testing.FreePort;
import io.airlock.core.testing.OpensslCa;
import io.airlock.core.testing.ServerProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS context of a plain-HTTP registry client: never made for plain HTTP (a client's start then
 * skips the trust store), and the JDK's default one, with its trust store, the moment the client
 * does speak TLS (a token server on HTTPS).
 */
class LazyTlsContextTest {

  @TempDir Path dir;

  private static HttpClient client(LazyTlsContext tls) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .sslContext(tls)
        .sslParameters(LazyTlsContext.parameters())
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  @Test
  void plainHttpNeverMakesTheContext() throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/v2/",
        exchange -> {
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    try {
      LazyTlsContext tls = LazyTlsContext.create();
      HttpResponse<Void> r =
          client(tls)
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v2/"))
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
      assertEquals(200, r.statusCode());
      assertFalse(tls.made(), "a plain-HTTP exchange made the TLS context");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void httpsUsesTheDefaultContextAndItsTrustStore() throws Exception {
    OpensslCa ca = OpensslCa.create(dir, "lazy");
    OpensslCa.Pair cert = ca.server("token", "IP:127.0.0.1");
    int port = FreePort.find();
    Process server = OpensslCa.sServer(cert, port, dir, "-www");
    try {
      LazyTlsContext tls = LazyTlsContext.create();
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/token")).build();
      // A real handshake that fails on trust: the test CA is in no default trust store. A context
      // that was never set up would fail before any handshake instead.
      IOException e =
          assertThrows(
              IOException.class,
              () -> client(tls).send(request, HttpResponse.BodyHandlers.discarding()));
      Throwable cause = e;
      while (cause != null && !(cause instanceof SSLHandshakeException)) {
        cause = cause.getCause();
      }
      assertTrue(cause != null, "not a TLS handshake failure: " + e);
      assertTrue(String.valueOf(cause.getMessage()).contains("PKIX"), cause.getMessage());
      assertTrue(tls.made());
    } finally {
      ServerProcess.stop(server);
    }
  }
}
