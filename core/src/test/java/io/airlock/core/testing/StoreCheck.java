package io.airlock.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.airlock.core.digest.Digest;
import io.airlock.core.digest.DigestAlgorithm;
import io.airlock.core.digest.Hashing;
import io.airlock.core.oci.Descriptor;
import io.airlock.core.oci.Manifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a test may expect of the embedded registry's store on disk after anything, a full disk or a
 * {@code kill -9} included: nothing half-written is visible. Read from the files themselves (the
 * layout {@code DiskStore} documents), not through the code under test.
 */
public final class StoreCheck {

  private StoreCheck() {}

  /**
   * Every blob file is named by the hash of its bytes; no temporary file is left; every manifest a
   * repository links is stored, and so is everything it references (blobs linked in the repository,
   * child manifests linked); every tag points to a linked manifest.
   */
  public static void assertConsistent(Path store) throws IOException {
    List<String> problems = new ArrayList<>();
    try (Stream<Path> files = Files.walk(store.resolve("blobs"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        DigestAlgorithm algorithm =
            DigestAlgorithm.fromOciName(f.getParent().getParent().getFileName().toString())
                .orElseThrow(() -> new AssertionError("a file outside the layout: " + f));
        if (!f.getFileName().toString().equals(Hashing.hash(f, algorithm).digest().hex())) {
          problems.add("blob file " + f + " does not hold what its name says");
        }
      }
    }
    try (Stream<Path> tmp = Files.list(store.resolve("tmp"))) {
      tmp.forEach(f -> problems.add("temporary file left behind: " + f));
    }
    Path repositories = store.resolve("repositories");
    if (Files.isDirectory(repositories)) {
      try (Stream<Path> files = Files.walk(repositories)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          Path kind = f.getParent().getParent();
          if (kind.getFileName().toString().equals("_manifests")) {
            checkManifest(store, kind.getParent(), f, problems);
          } else if (f.getParent().getFileName().toString().equals("_tags")) {
            Digest target = Digest.parse(Files.readString(f, StandardCharsets.UTF_8).trim());
            if (!Files.exists(link(f.getParent().getParent(), "_manifests", target))) {
              problems.add("tag " + f + " points to " + target + ", which is not linked");
            }
          }
        }
      }
    }
    assertEquals(List.of(), problems, "the store " + store + " is not consistent");
  }

  /**
   * {@link #assertConsistent} once the server has had up to {@code settle} to finish what was in
   * flight when its client stopped: a request already on its way (through a tunnel of the API
   * server, say) still arrives and makes its upload session after the client has exited. Checked
   * every 200 ms; what is still wrong after {@code settle} fails the test.
   */
  public static void assertConsistentWithin(Path store, Duration settle)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + settle.toNanos();
    while (true) {
      try {
        assertConsistent(store);
        return;
      } catch (AssertionError e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  private static void checkManifest(Path store, Path repo, Path link, List<String> problems)
      throws IOException {
    Digest digest =
        new Digest(
            DigestAlgorithm.fromOciName(link.getParent().getFileName().toString()).orElseThrow(),
            link.getFileName().toString());
    Path file = blob(store, digest);
    if (!Files.isRegularFile(file)) {
      problems.add("manifest " + digest + " of " + repo + " is linked but not stored");
      return;
    }
    Manifest m;
    try {
      m = Manifest.parse(Files.readAllBytes(file), Files.readString(link));
    } catch (IllegalArgumentException e) {
      return; // an artifact of another kind: nothing it references is required
    }
    for (Descriptor child : m.manifests()) {
      if (!Files.exists(link(repo, "_manifests", child.digest()))) {
        problems.add("index " + digest + " of " + repo + " references " + child.digest());
      }
    }
    List<Descriptor> blobs = new ArrayList<>(m.layers());
    if (m.config() != null) {
      blobs.add(m.config());
    }
    for (Descriptor d : blobs) {
      if (d.mediaType().contains("foreign") || d.mediaType().contains("nondistributable")) {
        continue;
      }
      if (!Files.isRegularFile(blob(store, d.digest()))
          || !Files.exists(link(repo, "_blobs", d.digest()))) {
        problems.add("manifest " + digest + " of " + repo + " lacks blob " + d.digest());
      }
    }
  }

  private static Path blob(Path store, Digest d) {
    return store
        .resolve("blobs")
        .resolve(d.algorithm().ociName())
        .resolve(d.hex().substring(0, 2))
        .resolve(d.hex());
  }

  private static Path link(Path repo, String kind, Digest d) {
    return repo.resolve(kind).resolve(d.algorithm().ociName()).resolve(d.hex());
  }
}
