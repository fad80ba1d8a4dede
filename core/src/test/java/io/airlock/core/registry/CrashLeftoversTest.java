package io.airlock.core.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.airlock.core.digest.Digest;
import io.airlock.core.testing.RandomBytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@code kill -9} can leave between two steps of a write is read as a state the registry
 * knows, never answered with a server error: a client that resumes must be told to start again, or
 * it would retry the same failing request forever.
 */
class CrashLeftoversTest extends EmbeddedRegistryTestBase {

  @Test
  void aSessionWhoseBytesWereMovedIntoTheStoreIsOverNotAServerError() throws Exception {
    byte[] blob = RandomBytes.of(300_000, 7);
    Digest digest = Digest.sha256(blob);
    String location = Http.relative(http.post("/v2/crash/blobs/uploads/", null).header("Location"));
    assertEquals(202, http.patch(location, blob).status());
    // Killed after the completed upload's bytes were renamed into the store, before its session
    // directory was removed: the session keeps only the name of its repository.
    String id = location.substring(location.lastIndexOf('/') + 1).split("\\?")[0];
    Path session = registry.store().uploadsDir().resolve(id);
    Path stored = registry.store().blobPath(digest);
    Files.createDirectories(stored.getParent());
    Files.move(session.resolve("data"), stored);

    for (Http.Response r :
        List.of(
            http.get(location),
            http.patch(location, new byte[10]),
            http.put(Http.withParam(location, "digest", digest.toString()), null))) {
      assertEquals(404, r.status(), r.text());
      assertEquals(List.of("BLOB_UPLOAD_UNKNOWN"), r.errorCodes());
    }
    // The client starts again and the blob is complete.
    assertEquals(201, http.post("/v2/crash/blobs/uploads/?digest=" + digest, blob).status());
    assertArrayEquals(blob, http.get("/v2/crash/blobs/" + digest).body());
    // The leftover goes at the next sweep.
    new Uploads(registry.store()).removeIdle(Instant.now(), false);
    assertFalse(Files.exists(session), "the session's leftover is removed");
    RegistryBadInputTest.assertStoreConsistent(registry.store().root());
  }
}
