package io.airlock.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.testing.EmbeddedRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests the HTTP decoder cannot read get an answer and a closed connection, over real sockets
 * against the real server: a header section over the limit (431), a request line over the limit
 * (414), a header line that is not HTTP (400). Fifty such clients that keep their end open do not
 * keep fifty connections: each is closed within the linger time.
 */
class UnreadableRequestsTest {

  @AutoClose static EmbeddedRegistry registry;
  static int port;

  @BeforeAll
  static void start() {
    registry = EmbeddedRegistry.start();
    port = registry.server().addresses().get(0).getPort();
  }

  static String hugeAuthorization() {
    return "GET /v2/ HTTP/1.1\r\nHost: r\r\nAuthorization: Basic "
        + "A".repeat(40 * 1024)
        + "\r\n\r\n";
  }

  @Test
  void headerSectionOverTheLimitGets431AndTheConnectionCloses() throws Exception {
    String answer = exchange(hugeAuthorization());
    assertTrue(answer.startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n"), answer);
    assertTrue(answer.contains("connection: close\r\n"), answer);
    assertTrue(
        answer.endsWith(
            "{\"errors\":[{\"code\":\"UNSUPPORTED\",\"message\":\"the request's header section is"
                + " over the server's limit of 32 KiB\"}]}"),
        answer);
    assertLogged("\"GET /v2/\" 431");
  }

  @Test
  void headerWithASpaceBeforeTheColonGets400AndTheConnectionCloses() throws Exception {
    String answer =
        exchange(
            "POST /v2/app/blobs/uploads/ HTTP/1.1\r\nHost: r\r\nTransfer-Encoding : chunked\r\n\r\n"
                + "5\r\nhello\r\n0\r\n\r\n");
    assertTrue(answer.startsWith("HTTP/1.1 400 Bad Request\r\n"), answer);
    assertTrue(answer.contains("malformed HTTP request: "), answer);
    assertTrue(answer.contains("connection: close\r\n"), answer);
  }

  @Test
  void requestLineOverTheLimitGets414() throws Exception {
    String answer = exchange("GET /v2/" + "a".repeat(9000) + " HTTP/1.1\r\nHost: r\r\n\r\n");
    assertTrue(answer.startsWith("HTTP/1.1 414 Request-URI Too Long\r\n"), answer);
  }

  @Test
  void fiftyClientsThatKeepTheirEndOpenDoNotHoldFiftyConnections() throws Exception {
    int before = registry.server().openConnections();
    List<Socket> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 50; i++) {
        Socket s = new Socket("127.0.0.1", port);
        s.getOutputStream().write(hugeAuthorization().getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        clients.add(s); // never closed by the client until the end of the test
      }
      for (Socket s : clients) {
        s.setSoTimeout(10_000);
        String answer = readToEnd(s.getInputStream());
        assertTrue(answer.startsWith("HTTP/1.1 431 "), answer);
      }
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (registry.server().openConnections() > before && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertEquals(before, registry.server().openConnections(), "connections left open");
    } finally {
      for (Socket s : clients) {
        s.close();
      }
    }
  }

  @Test
  void aGoodRequestOnAFreshConnectionStillWorks() throws Exception {
    String answer = exchange("GET /v2/ HTTP/1.1\r\nHost: r\r\nConnection: close\r\n\r\n");
    assertTrue(answer.startsWith("HTTP/1.1 200 OK\r\n"), answer);
  }

  /** Sends the bytes and reads until the server closes its side (the test fails on a timeout). */
  private static String exchange(String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      return readToEnd(s.getInputStream());
    }
  }

  private static String readToEnd(InputStream in) throws IOException {
    try {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server kept the connection open", e);
    }
  }

  private static void assertLogged(String part) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      if (registry.events().stream()
          .filter(AccessLogEntry.class::isInstance)
          .anyMatch(e -> ((AccessLogEntry) e).line().contains(part))) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no access log line with " + part + ": " + registry.events());
  }
}
