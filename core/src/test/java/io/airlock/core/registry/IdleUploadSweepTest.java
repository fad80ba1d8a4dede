package io.airlock.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.progress.Notice;
import io.airlock.core.testing.EmbeddedRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The running server removes upload sessions that got no bytes for longer than its idle limit (here
 * two seconds instead of the default 24 hours), keeps the ones still receiving, and says so in one
 * line.
 */
class IdleUploadSweepTest {

  static final Duration LIMIT = Duration.ofSeconds(2);

  @AutoClose static EmbeddedRegistry registry;
  static Http http;

  @BeforeAll
  static void start() throws Exception {
    Path storage = Files.createTempDirectory("airlock-sweep");
    registry =
        EmbeddedRegistry.start(
            storage, 0, addresses -> ServerOptions.loopback(addresses).withUploadIdleLimit(LIMIT));
    http = new Http(registry.url());
  }

  @Test
  void abandonedSessionsGoAndActiveOnesStay() throws Exception {
    List<String> abandoned = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      abandoned.add(start("app"));
    }
    http.patch(abandoned.get(0), new byte[100]); // some bytes, then silence
    String active = start("app");
    long deadline = System.nanoTime() + 4 * LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      assertEquals(202, http.patch(active, new byte[10]).status());
      Thread.sleep(300);
    }
    for (String location : abandoned) {
      Http.Response r = http.get(location);
      assertEquals(404, r.status(), location);
      assertEquals(List.of("BLOB_UPLOAD_UNKNOWN"), r.errorCodes());
    }
    assertEquals(204, http.get(active).status());
    assertEquals(List.of(id(active)), sessionsOnDisk());
    // one line per sweep that removed something; together they name every abandoned session
    int removed = 0;
    for (Object e : registry.events()) {
      if (e instanceof Notice n && n.message().startsWith("Removed ")) {
        assertTrue(
            n.message().endsWith(" upload session(s) with no new bytes for 2s (abandoned pushes)."),
            n.message());
        removed += Integer.parseInt(n.message().split(" ")[1]);
      }
    }
    assertEquals(20, removed, registry.events()::toString);
  }

  private static String start(String repo) {
    Http.Response r = http.post("/v2/" + repo + "/blobs/uploads/", null);
    assertEquals(202, r.status());
    return Http.relative(r.header("Location"));
  }

  private static String id(String location) {
    return location.substring(location.lastIndexOf('/') + 1);
  }

  private static List<String> sessionsOnDisk() throws Exception {
    try (Stream<Path> s = Files.list(registry.store().uploadsDir())) {
      return s.map(p -> p.getFileName().toString()).toList();
    }
  }
}
