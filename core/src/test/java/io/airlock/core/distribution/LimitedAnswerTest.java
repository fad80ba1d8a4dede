package io.airlock.core.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.airlock.core.digest.Digest;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A lying registry (an HTTP server that answers with far more, or other, bytes than asked for)
 * fails the call with a clear failure instead of filling the heap or handing on wrong bytes.
 */
class LimitedAnswerTest {

  static final byte[] CHART = "a small chart".getBytes(StandardCharsets.UTF_8);
  static HttpServer server;
  static RegistryClient client;

  @BeforeAll
  static void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/v2/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          exchange.getRequestBody().readAllBytes();
          if (path.contains("/manifests/")) {
            // 64 MiB, sent without end in sight: more than any manifest may be.
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
              byte[] chunk = new byte[1 << 20];
              for (int i = 0; i < 64; i++) {
                out.write(chunk);
              }
            } catch (java.io.IOException closedByClient) {
              // The client gave up, as it should.
            }
          } else if (path.contains("/blobs/")) {
            byte[] body =
                path.contains("wrong") ? "other bytes!!".getBytes(StandardCharsets.UTF_8) : CHART;
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          } else {
            exchange.sendResponseHeaders(200, -1);
          }
          exchange.close();
        });
    server.start();
    client =
        RegistryClient.create(
            new RegistryEndpoint("127.0.0.1:" + server.getAddress().getPort(), true),
            null,
            new TlsSettings(null, false),
            new RetryPolicy(0, Duration.ofMillis(10), Duration.ofSeconds(1), Duration.ofSeconds(5)),
            (action, attempt, max, delay, reason) -> {});
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  @Test
  void aManifestLargerThanAnyManifestFailsTheCall() {
    RegistryFailure f =
        assertThrows(RegistryFailure.class, () -> client.getManifest("repo", "v1", null));
    assertEquals(RegistryFailure.Kind.PROTOCOL, f.kind());
    assertTrue(f.getMessage().contains("larger than the 4194304 bytes"), f.getMessage());
  }

  @Test
  void aBlobIsTakenOnlyWithItsSizeAndDigest() throws Exception {
    Digest digest = Digest.sha256(CHART);
    assertArrayEquals(CHART, client.getSmallBlob("repo", digest, CHART.length).orElseThrow());

    RegistryFailure wrong =
        assertThrows(
            RegistryFailure.class, () -> client.getSmallBlob("wrong", digest, CHART.length));
    assertEquals(RegistryFailure.Kind.PROTOCOL, wrong.kind());
    assertTrue(wrong.getMessage().contains("not the blob"), wrong.getMessage());

    RegistryFailure larger =
        assertThrows(
            RegistryFailure.class, () -> client.getSmallBlob("repo", digest, CHART.length - 5));
    assertEquals(RegistryFailure.Kind.PROTOCOL, larger.kind());
  }
}
