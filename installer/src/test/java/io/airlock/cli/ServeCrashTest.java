package io.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.digest.Digest;
import io.airlock.core.digest.DigestAlgorithm;
import io.airlock.core.digest.Hashing;
import io.airlock.core.testing.RandomBytes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code airlock serve} killed with SIGKILL in the middle of uploads, restarted on the same
 * storage: the upload session carries on where the disk says it stopped, the finished blob is
 * exact, and no half-received blob is ever served. And SIGTERM lets a download in flight finish.
 */
class ServeCrashTest {

  @TempDir Path dir;
  final HttpClient client = HttpClient.newHttpClient();

  HttpResponse<byte[]> send(String method, String url, byte[] body, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Sends headers and the first {@code sent} bytes of a body, and leaves the request open. */
  static Socket startRequest(
      int port, String method, String path, byte[] body, int sent, String extra)
      throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    OutputStream out = s.getOutputStream();
    out.write(
        (method
                + " "
                + path
                + " HTTP/1.1\r\nHost: x\r\nContent-Length: "
                + body.length
                + "\r\n"
                + extra
                + "\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    out.write(body, 0, sent);
    out.flush();
    return s;
  }

  @Test
  void killedDuringAChunkedUploadTheServerResumesAndServesNothingCorrupt() throws Exception {
    Path storage = dir.resolve("store");
    byte[] blob = RandomBytes.of(6_000_000, 1);
    Digest digest = Digest.sha256(blob);
    byte[] other = RandomBytes.of(4_000_000, 2);
    Digest otherDigest = Digest.sha256(other);
    int port;
    String location;
    try (ServeProcess serve = ServeProcess.start(storage, 0, "-q")) {
      port = serve.port;
      location =
          URI.create(serve.url())
              .resolve(
                  send("POST", serve.url() + "/v2/crash/blobs/uploads/", null)
                      .headers()
                      .firstValue("Location")
                      .orElseThrow())
              .toString();
      HttpResponse<byte[]> first =
          send(
              "PATCH",
              location,
              Arrays.copyOfRange(blob, 0, 2_000_000),
              "Content-Range",
              "0-1999999");
      assertEquals(202, first.statusCode());
      // Second chunk half sent, and a monolithic upload of another blob half sent, then SIGKILL.
      byte[] second = Arrays.copyOfRange(blob, 2_000_000, 4_000_000);
      Socket chunk =
          startRequest(
              port,
              "PATCH",
              URI.create(location).getRawPath(),
              second,
              1_000_000,
              "Content-Range: 2000000-3999999\r\n");
      Socket mono =
          startRequest(
              port, "POST", "/v2/crash/blobs/uploads/?digest=" + otherDigest, other, 2_500_000, "");
      Thread.sleep(500);
      serve.kill();
      chunk.close();
      mono.close();
    }
    try (ServeProcess serve = ServeProcess.start(storage, port, "-q")) {
      // Nothing half-received is served.
      assertEquals(
          404, send("HEAD", serve.url() + "/v2/crash/blobs/" + otherDigest, null).statusCode());
      assertEquals(404, send("HEAD", serve.url() + "/v2/crash/blobs/" + digest, null).statusCode());
      // The session is still there, at the offset the disk holds.
      HttpResponse<byte[]> status = send("GET", location, null);
      assertEquals(204, status.statusCode(), new String(status.body()));
      String range = status.headers().firstValue("Range").orElseThrow();
      long have = Long.parseLong(range.substring(range.indexOf('-') + 1)) + 1;
      assertTrue(have >= 2_000_000 && have <= 4_000_000, range);
      HttpResponse<byte[]> rest =
          send(
              "PATCH",
              location,
              Arrays.copyOfRange(blob, (int) have, blob.length),
              "Content-Range",
              have + "-" + (blob.length - 1));
      assertEquals(202, rest.statusCode(), new String(rest.body()));
      HttpResponse<byte[]> done = send("PUT", location + "?digest=" + digest, null);
      assertEquals(201, done.statusCode(), new String(done.body()));
      assertArrayEquals(blob, send("GET", serve.url() + "/v2/crash/blobs/" + digest, null).body());
    }
    try (Stream<Path> files = Files.walk(storage.resolve("blobs"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertEquals(
            f.getFileName().toString(), Hashing.hash(f, DigestAlgorithm.SHA256).digest().hex());
      }
    }
  }

  @Test
  void sigtermLetsADownloadInFlightFinishThenStops() throws Exception {
    Path storage = dir.resolve("store2");
    byte[] blob = RandomBytes.of(30_000_000, 3);
    Digest digest = Digest.sha256(blob);
    try (ServeProcess serve = ServeProcess.start(storage, 0, "-q")) {
      assertEquals(
          201,
          send("POST", serve.url() + "/v2/big/blobs/uploads/?digest=" + digest, blob).statusCode());
      try (Socket s = new Socket("127.0.0.1", serve.port)) {
        s.setReceiveBufferSize(64 * 1024);
        s.getOutputStream()
            .write(
                ("GET /v2/big/blobs/" + digest + " HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
        InputStream in = s.getInputStream();
        byte[] head = in.readNBytes(4096);
        // Stop while the rest is still to be read.
        Thread stopper =
            new Thread(
                () -> {
                  try {
                    serve.process.destroy();
                  } catch (RuntimeException e) {
                    // nothing
                  }
                });
        stopper.start();
        Thread.sleep(300);
        assertThrows(
            IOException.class,
            () -> new Socket("127.0.0.1", serve.port).close(),
            "new connections are refused while stopping");
        long total = head.length;
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) > 0) {
          total += n;
          Thread.sleep(1);
        }
        String headers = new String(head, StandardCharsets.ISO_8859_1);
        int bodyStart = headers.indexOf("\r\n\r\n") + 4;
        assertEquals(blob.length, total - bodyStart, "the download in flight was cut short");
      }
      assertEquals(130, serve.process.waitFor());
      assertTrue(serve.output().contains("Stopped."), serve.output());
    }
  }
}
