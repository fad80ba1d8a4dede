package io.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.digest.Digest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code airlock serve} usage errors and {@code airlock registry gc} on a real store. */
class RegistryCommandsTest {

  @TempDir Path dir;

  static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @Test
  void serveNeedsSomethingToServe() {
    CliRun r = run("serve");
    assertEquals(ExitCodes.BAD_INPUT, r.exitCode());
    assertTrue(
        r.err().contains("Nothing to serve: give --storage DIR, --bundle BUNDLE, or both."),
        r.err());
  }

  @Test
  void serveRefusesPlainHttpOnAllAddresses() {
    CliRun r = run("serve", "--storage", dir.resolve("s").toString(), "--listen", "0.0.0.0:0");
    assertEquals(ExitCodes.BAD_INPUT, r.exitCode());
    assertTrue(r.err().contains("Refusing to serve plain HTTP on 0.0.0.0:0"), r.err());
    assertTrue(r.err().contains("what to do: Give --tls-cert and --tls-key"), r.err());
  }

  @Test
  void servesPlainHttpForPortForwardsOnLoopbackOnly() {
    CliRun r =
        run(
            "serve",
            "--storage",
            dir.resolve("s").toString(),
            "--listen",
            "127.0.0.1:0",
            "--plain-listen",
            "0.0.0.0:0",
            "--allow-plain-http-remote");
    assertEquals(ExitCodes.BAD_INPUT, r.exitCode());
    assertTrue(
        r.err().contains("--plain-listen takes loopback addresses only, not 0.0.0.0:0."), r.err());
    assertFalse(Files.exists(dir.resolve("s")), "nothing started, nothing written");
  }

  @Test
  void serveRejectsABadListenAddressAndHalfATlsPair() {
    CliRun r = run("serve", "--storage", dir.resolve("s").toString(), "--listen", "localhost");
    assertEquals(ExitCodes.BAD_INPUT, r.exitCode());
    assertTrue(r.err().contains("Invalid listen address 'localhost'."), r.err());
    CliRun tls = run("serve", "--storage", dir.resolve("s").toString(), "--tls-cert", "x.pem");
    assertEquals(ExitCodes.BAD_INPUT, tls.exitCode());
    assertTrue(tls.err().contains("HTTPS needs both --tls-cert and --tls-key."), tls.err());
  }

  @Test
  void gcRemovesWhatNoManifestReferences() throws Exception {
    Path storage = dir.resolve("store");
    HttpClient http = HttpClient.newHttpClient();
    byte[] config = "{\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
    byte[] layer = "layer bytes".getBytes(StandardCharsets.UTF_8);
    byte[] orphan = "pushed, never referenced".getBytes(StandardCharsets.UTF_8);
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
            + Digest.sha256(config)
            + "\",\"size\":"
            + config.length
            + "},\"layers\":[{\"mediaType\":"
            + "\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\""
            + Digest.sha256(layer)
            + "\",\"size\":"
            + layer.length
            + "}]}";
    try (ServeProcess serve = ServeProcess.start(storage, 0, "-q")) {
      for (byte[] b : new byte[][] {config, layer, orphan}) {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(
                        URI.create(
                            serve.url() + "/v2/app/blobs/uploads/?digest=" + Digest.sha256(b)))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(b))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
      }
      HttpResponse<String> put =
          http.send(
              HttpRequest.newBuilder(URI.create(serve.url() + "/v2/app/manifests/1.0"))
                  .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                  .PUT(HttpRequest.BodyPublishers.ofString(manifest))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(201, put.statusCode(), put.body());
      // While the server holds the store, gc refuses to run.
      CliRun busy = run("registry", "gc", "--storage", storage.toString());
      assertEquals(ExitCodes.BAD_INPUT, busy.exitCode());
      assertTrue(busy.err().contains("is in use by another Airlock process"), busy.err());
    }
    CliRun dry = run("registry", "gc", "--storage", storage.toString(), "--dry-run");
    assertEquals(ExitCodes.OK, dry.exitCode(), dry.err());
    assertTrue(dry.out().contains("would remove " + Digest.sha256(orphan)), dry.out());
    assertTrue(Files.exists(blob(storage, Digest.sha256(orphan))));
    CliRun gc = run("registry", "gc", "--storage", storage.toString());
    assertEquals(ExitCodes.OK, gc.exitCode(), gc.err());
    assertTrue(gc.out().contains("Removed 1 unreferenced blob(s)"), gc.out());
    assertFalse(Files.exists(blob(storage, Digest.sha256(orphan))));
    assertTrue(Files.exists(blob(storage, Digest.sha256(layer))));
    assertTrue(Files.exists(blob(storage, Digest.sha256(config))));
  }

  @Test
  void gcRemovesUploadSessionsIdleLongerThanTheLimit() throws Exception {
    Path storage = dir.resolve("uploads-store");
    HttpClient http = HttpClient.newHttpClient();
    try (ServeProcess serve = ServeProcess.start(storage, 0, "-q")) {
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(serve.url() + "/v2/app/blobs/uploads/"))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, r.statusCode(), r.body());
      }
    }
    Path uploads = storage.resolve("uploads");
    java.util.List<Path> sessions;
    try (var s = Files.list(uploads)) {
      sessions = s.sorted().toList();
    }
    assertEquals(3, sessions.size());
    java.nio.file.attribute.FileTime twoDaysAgo =
        java.nio.file.attribute.FileTime.from(
            java.time.Instant.now().minus(java.time.Duration.ofHours(48)));
    Files.setLastModifiedTime(sessions.get(0).resolve("data"), twoDaysAgo);
    Files.setLastModifiedTime(sessions.get(1).resolve("data"), twoDaysAgo);

    CliRun dry = run("registry", "gc", "--storage", storage.toString(), "--dry-run");
    assertTrue(dry.out().contains(", and 2 idle upload(s);"), dry.out());
    assertEquals(3, Files.list(uploads).count());
    CliRun keep = run("registry", "gc", "--storage", storage.toString(), "--upload-max-age", "72");
    assertTrue(keep.out().contains(", and 0 idle upload(s);"), keep.out());
    CliRun gc = run("registry", "gc", "--storage", storage.toString());
    assertEquals(ExitCodes.OK, gc.exitCode(), gc.err());
    assertTrue(gc.out().contains(", and 2 idle upload(s);"), gc.out());
    try (var s = Files.list(uploads)) {
      assertEquals(java.util.List.of(sessions.get(2)), s.toList());
    }
  }

  @Test
  void serveRefusesAnUploadMaxAgeUnderAnHour() {
    CliRun r = run("serve", "--storage", dir.resolve("s").toString(), "--upload-max-age", "0");
    assertEquals(ExitCodes.BAD_INPUT, r.exitCode());
    assertTrue(r.err().contains("--upload-max-age must be at least 1 hour, not 0."), r.err());
  }

  static Path blob(Path storage, Digest d) {
    return storage.resolve("blobs/sha256").resolve(d.hex().substring(0, 2)).resolve(d.hex());
  }
}
