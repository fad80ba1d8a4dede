package io.airlock.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.digest.Digest;
import io.airlock.core.testing.RandomBytes;
import io.airlock.core.testing.StoreCheck;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input gives the spec's error and leaves the store consistent: after every test, each blob
 * file is named by the hash of its bytes, nothing lies outside the store, no temporary file
 * remains, and what was refused cannot be pulled.
 */
class RegistryBadInputTest extends EmbeddedRegistryTestBase {

  @AfterEach
  void storeIsConsistent() throws Exception {
    assertStoreConsistent(registry.storage());
  }

  static void assertStoreConsistent(Path store) throws Exception {
    StoreCheck.assertConsistent(store);
  }

  static String digest(byte[] b) {
    return Digest.sha256(b).toString();
  }

  static String upload(String repo) {
    return Http.relative(http.post("/v2/" + repo + "/blobs/uploads/", null).header("Location"));
  }

  @Test
  void aMonolithicUploadWithTheWrongDigestIsRefusedAndNotStored() {
    byte[] content = RandomBytes.of(5000, 1);
    String wrong = digest("something else".getBytes());
    Http.Response r = http.post("/v2/bad/blobs/uploads/?digest=" + wrong, content);
    assertEquals(400, r.status());
    assertEquals(List.of("DIGEST_INVALID"), r.errorCodes());
    assertTrue(r.errorCodes().size() == 1 && r.text().contains(digest(content)), r.text());
    assertEquals(404, http.head("/v2/bad/blobs/" + wrong).status());
    assertEquals(404, http.head("/v2/bad/blobs/" + digest(content)).status());
  }

  @Test
  void aChunkedUploadFinishedWithTheWrongDigestEndsTheSession() {
    String location = upload("bad");
    assertEquals(202, http.patch(location, RandomBytes.of(3000, 2)).status());
    Http.Response r = http.put(Http.withParam(location, "digest", digest(new byte[] {1})), null);
    assertEquals(400, r.status());
    assertEquals(List.of("DIGEST_INVALID"), r.errorCodes());
    Http.Response status = http.get(location);
    assertEquals(404, status.status());
    assertEquals(List.of("BLOB_UPLOAD_UNKNOWN"), status.errorCodes());
  }

  @Test
  void aDigestThatIsNotOneIsRefused() {
    Http.Response r = http.post("/v2/bad/blobs/uploads/?digest=sha256:xyz", new byte[] {1});
    assertEquals(400, r.status());
    assertEquals(List.of("DIGEST_INVALID"), r.errorCodes());
    assertEquals(
        List.of("DIGEST_INVALID"),
        http.put(Http.withParam(upload("bad"), "digest", "md5:abc"), null).errorCodes());
  }

  @Test
  void malformedManifestsAreRefused() {
    String oci = "application/vnd.oci.image.manifest.v1+json";
    String[][] cases = {
      {"not json at all", oci},
      {"[1,2,3]", oci},
      {
        "{\"schemaVersion\":1,\"name\":\"x\",\"fsLayers\":[]}",
        "application/vnd.docker.distribution.manifest.v1+prettyjws"
      },
      {"{\"schemaVersion\":2,\"mediaType\":\"" + oci + "\"}", oci},
      {
        "{\"schemaVersion\":2,\"mediaType\":\""
            + oci
            + "\",\"config\":{\"digest\":\"sha256:nothex\",\"size\":1},\"layers\":[]}",
        oci
      },
      {
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}",
        oci
      },
    };
    for (String[] c : cases) {
      Http.Response r =
          http.put(
              "/v2/bad/manifests/latest",
              c[0].getBytes(StandardCharsets.UTF_8),
              "Content-Type",
              c[1]);
      assertEquals(400, r.status(), c[0] + " -> " + r.text());
      assertEquals(List.of("MANIFEST_INVALID"), r.errorCodes(), c[0]);
    }
    assertEquals(404, http.get("/v2/bad/manifests/latest").status());
  }

  @Test
  void anInvalidTagIsRefused() {
    Http.Response r =
        http.put(
            "/v2/bad/manifests/-starts-with-dash",
            "{}".getBytes(),
            "Content-Type",
            "application/vnd.oci.image.manifest.v1+json");
    assertEquals(400, r.status());
    assertEquals(List.of("MANIFEST_INVALID"), r.errorCodes());
  }

  @Test
  void aManifestPushedBeforeItsBlobsIsRefused() {
    byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes();
    Http.Response pushed = http.post("/v2/bad/blobs/uploads/?digest=" + digest(config), config);
    assertEquals(201, pushed.status());
    byte[] layer = RandomBytes.of(1000, 3);
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
            + digest(config)
            + "\",\"size\":"
            + config.length
            + "},"
            + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\""
            + digest(layer)
            + "\",\"size\":1000}]}";
    Http.Response r =
        http.put(
            "/v2/bad/manifests/missing-layer",
            manifest.getBytes(),
            "Content-Type",
            "application/vnd.oci.image.manifest.v1+json");
    assertEquals(400, r.status());
    assertEquals(List.of("MANIFEST_BLOB_UNKNOWN"), r.errorCodes());
    assertTrue(r.text().contains(digest(layer)), r.text());
    assertEquals(404, http.get("/v2/bad/manifests/missing-layer").status());
    // A blob of another repository does not count.
    assertEquals(
        201, http.post("/v2/other/blobs/uploads/?digest=" + digest(layer), layer).status());
    assertEquals(
        400,
        http.put(
                "/v2/bad/manifests/missing-layer",
                manifest.getBytes(),
                "Content-Type",
                "application/vnd.oci.image.manifest.v1+json")
            .status());
    // An index naming a manifest the repository does not have is refused too.
    String index =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\""
            + digest(manifest.getBytes())
            + "\",\"size\":10}]}";
    Http.Response ri =
        http.put(
            "/v2/bad/manifests/idx",
            index.getBytes(),
            "Content-Type",
            "application/vnd.oci.image.index.v1+json");
    assertEquals(400, ri.status());
    assertEquals(List.of("MANIFEST_BLOB_UNKNOWN"), ri.errorCodes());
  }

  @Test
  void aManifestWhoseDigestIsNotTheOneNamedIsRefused() {
    byte[] body =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}"
            .getBytes();
    Http.Response r =
        http.put(
            "/v2/bad/manifests/" + digest("other".getBytes()),
            body,
            "Content-Type",
            "application/vnd.oci.image.index.v1+json");
    assertEquals(400, r.status());
    assertEquals(List.of("DIGEST_INVALID"), r.errorCodes());
  }

  @Test
  void anOversizedManifestIsRefusedWith413() {
    byte[] big = new byte[Registry.MAX_MANIFEST_BYTES + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    big[0] = '{';
    big[big.length - 1] = '}';
    Http.Response r =
        http.put(
            "/v2/bad/manifests/big",
            big,
            "Content-Type",
            "application/vnd.oci.image.manifest.v1+json");
    assertEquals(413, r.status());
    assertEquals(List.of("MANIFEST_INVALID"), r.errorCodes());
    // The connection is still usable and nothing was stored.
    assertEquals(404, http.get("/v2/bad/manifests/big").status());
  }

  @Test
  void pathTricksInRepositoryNamesAreRefused() throws Exception {
    String[] paths = {
      "/v2/../../etc/manifests/latest",
      "/v2/a/../../../tmp/x/blobs/uploads/",
      "/v2/%2e%2e/%2e%2e/x/manifests/latest",
      "/v2/a/%2F..%2Fb/tags/list",
      "/v2/UPPER/tags/list",
      "/v2/_tags/x/manifests/latest",
      "/v2/a//b/manifests/latest",
      "/v2/a/_manifests/tags/list",
    };
    for (String p : paths) {
      String response = raw("GET " + p + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertTrue(response.startsWith("HTTP/1.1 400"), p + " -> " + response);
      assertTrue(response.contains("NAME_INVALID"), p + " -> " + response);
      String post =
          raw(
              "POST "
                  + p
                  + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      assertTrue(
          post.startsWith("HTTP/1.1 400") || post.startsWith("HTTP/1.1 405"), p + " -> " + post);
    }
    try (Stream<Path> all = Files.walk(registry.storage().getParent())) {
      assertFalse(
          all.anyMatch(
              f ->
                  f.getFileName().toString().equals("etc")
                      || f.getFileName().toString().equals("x")));
    }
  }

  /** Sends bytes exactly as written: no client normalises the path on the way. */
  private static String raw(String request) throws Exception {
    String hostPort = registry.host();
    int port = Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void unknownUploadsAndBadRangesGetTheirCodes() {
    Http.Response r = http.get("/v2/bad/blobs/uploads/00000000-0000-0000-0000-000000000000");
    assertEquals(404, r.status());
    assertEquals(List.of("BLOB_UPLOAD_UNKNOWN"), r.errorCodes());
    assertEquals(404, http.get("/v2/bad/blobs/uploads/..%2F..%2Fetc").status());
    // An upload of one repository is not reachable through another.
    String location = upload("bad");
    String id = location.substring(location.lastIndexOf('/') + 1);
    assertEquals(404, http.get("/v2/other/blobs/uploads/" + id).status());
    Http.Response range = http.patch(location, new byte[10], "Content-Range", "5-14");
    assertEquals(416, range.status());
    assertEquals(List.of("BLOB_UPLOAD_INVALID"), range.errorCodes());
    byte[] blob = RandomBytes.of(100, 9);
    assertEquals(201, http.post("/v2/bad/blobs/uploads/?digest=" + digest(blob), blob).status());
    Http.Response part = http.get("/v2/bad/blobs/" + digest(blob), "Range", "bytes=10-19");
    assertEquals(206, part.status());
    assertEquals("bytes 10-19/100", part.header("Content-Range"));
    assertEquals(10, part.body().length);
    assertEquals(416, http.get("/v2/bad/blobs/" + digest(blob), "Range", "bytes=100-").status());
  }

  @Test
  void unknownRepositoriesAndMethods() {
    assertEquals(List.of("NAME_UNKNOWN"), http.get("/v2/never/pushed/tags/list").errorCodes());
    Http.Response r = http.send("PATCH", "/v2/bad/manifests/latest", new byte[0]);
    assertEquals(405, r.status());
    assertEquals(List.of("UNSUPPORTED"), r.errorCodes());
    assertEquals(404, http.get("/nothing/here").status());
  }

  @Test
  void theAccessLogRecordsRequestsWithoutCredentials() throws InterruptedException {
    http.withBasicAuth("someone", "secret-password").get("/v2/?marker=1");
    List<String> lines = List.of();
    for (int i = 0; i < 100 && lines.stream().noneMatch(l -> l.contains("marker=1")); i++) {
      Thread.sleep(20); // the entry is emitted once the response is written
      lines =
          registry.events().stream()
              .filter(AccessLogEntry.class::isInstance)
              .map(e -> ((AccessLogEntry) e).line())
              .toList();
    }
    assertTrue(
        lines.stream().anyMatch(l -> l.contains("\"GET /v2/?marker=1\" 200")), "no log line");
    assertTrue(
        lines.stream().noneMatch(l -> l.contains("secret-password") || l.contains("c2VjcmV0")));
  }
}
