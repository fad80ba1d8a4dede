package io.airlock.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.Sizes;
import io.airlock.core.digest.Digest;
import io.airlock.core.progress.Notice;
import io.airlock.core.testing.Closeables;
import io.airlock.core.testing.EmbeddedRegistry;
import io.airlock.core.testing.RandomBytes;
import io.airlock.core.testing.SmallDisk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk, for real (a 2 MiB tmpfs, mounted by the test: the tests run as root, as containerd
 * needs) and by the store's cap: the push gets the storage-full error (507, DENIED, saying what to
 * do), nothing half-written is served, and once room is made pushes work again.
 */
class RegistryFullDiskTest {

  @TempDir static Path dir;
  static SmallDisk mount;
  static EmbeddedRegistry onTmpfs;
  static EmbeddedRegistry capped;

  @BeforeAll
  static void start() throws Exception {
    mount = SmallDisk.mount(dir.resolve("tmpfs"), "2m");
    onTmpfs =
        EmbeddedRegistry.start(
            dir.resolve("unused"),
            DiskStore.open(mount.resolve("store"), 0),
            null,
            ServerOptions::loopback);
    capped = EmbeddedRegistry.start(dir.resolve("capped"), 300_000, ServerOptions::loopback);
  }

  @AfterAll
  static void stop() {
    Closeables.closeAll(onTmpfs, capped, mount);
  }

  void fillsUpAndRecovers(EmbeddedRegistry registry, int tooBig, String expected) throws Exception {
    Http http = new Http(registry.url());
    byte[] big = RandomBytes.of(tooBig, 1);
    String digest = Digest.sha256(big).toString();
    Http.Response r = http.post("/v2/full/blobs/uploads/?digest=" + digest, big);
    assertEquals(507, r.status(), r.text());
    assertEquals(List.of("DENIED"), r.errorCodes());
    assertTrue(r.text().contains(expected), r.text());
    assertEquals(404, http.head("/v2/full/blobs/" + digest).status());
    RegistryBadInputTest.assertStoreConsistent(registry.storage());
    // The operator's line: which request, how much it needed, which directory, what is free.
    String line =
        registry.events().stream()
            .filter(e -> e instanceof Notice)
            .map(e -> ((Notice) e).message())
            .findFirst()
            .orElseThrow(() -> new AssertionError("no notice in " + registry.events()));
    assertTrue(
        line.startsWith("Refused POST /v2/full/blobs/uploads/?digest=" + digest.substring(0, 20)),
        line);
    assertTrue(
        line.contains(
            " ("
                + Sizes.human(tooBig)
                + "): the registry's storage "
                + registry.store().root()
                + " is full: "
                + expected),
        line);

    // Chunked: the chunk that does not fit is refused; the session keeps what did fit.
    String location = Http.relative(http.post("/v2/full/blobs/uploads/", null).header("Location"));
    assertEquals(202, http.patch(location, RandomBytes.of(100_000, 2)).status());
    Http.Response second = http.patch(location, big);
    assertEquals(507, second.status(), second.text());
    assertEquals(404, http.head("/v2/full/blobs/" + digest).status());
    assertEquals(204, http.delete(location).status());
    RegistryBadInputTest.assertStoreConsistent(registry.storage());

    // With the room given back, a push that fits works.
    byte[] small = RandomBytes.of(50_000, 3);
    Http.Response ok = http.post("/v2/full/blobs/uploads/?digest=" + Digest.sha256(small), small);
    assertEquals(201, ok.status(), ok.text());
    assertEquals(50_000, http.get("/v2/full/blobs/" + Digest.sha256(small)).body().length);
    RegistryBadInputTest.assertStoreConsistent(registry.storage());
  }

  @Test
  void aRealFullDiskGivesTheStorageFullErrorAndLeavesTheStoreConsistent() throws Exception {
    fillsUpAndRecovers(onTmpfs, 3_000_000, "no space left on its disk (");
  }

  @Test
  void theStorageCapGivesTheSameError() throws Exception {
    fillsUpAndRecovers(capped, 400_000, "it holds ");
  }

  @Test
  void aDiskWithNoRoomForANewSessionLeavesNoHalfMadeOne() throws Exception {
    // a registry of its own: the others' operator line must not be held back by this one's
    try (EmbeddedRegistry registry =
        EmbeddedRegistry.start(
            dir.resolve("unused-2"),
            DiskStore.open(mount.resolve("store-2"), 0),
            null,
            ServerOptions::loopback)) {
      Path filler = mount.fill(0);
      try {
        Http.Response r = new Http(registry.url()).post("/v2/full/blobs/uploads/", null);
        assertEquals(507, r.status(), r.text());
        RegistryBadInputTest.assertStoreConsistent(registry.storage());
      } finally {
        Files.delete(filler);
      }
    }
  }
}
