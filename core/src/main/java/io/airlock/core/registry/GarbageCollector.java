package io.airlock.core.registry;

import io.airlock.core.digest.Digest;
import io.airlock.core.oci.Descriptor;
import io.airlock.core.oci.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes blobs no manifest of any repository references (mark and sweep, like distribution's
 * garbage-collect), the repository links to them, and upload sessions left idle too long. Runs on a
 * store no server holds: {@link DiskStore#open} takes the store's lock, so a running {@code airlock
 * serve} and a collection cannot overlap.
 */
public final class GarbageCollector {

  /** What a collection removed, or would remove in a dry run. */
  public record Result(
      int manifestsKept, List<Digest> blobsRemoved, long bytesFreed, int uploadsRemoved) {}

  private final DiskStore store;
  private final Duration uploadMaxAge;

  public GarbageCollector(DiskStore store, Duration uploadMaxAge) {
    this.store = store;
    this.uploadMaxAge = uploadMaxAge;
  }

  public Result collect(boolean dryRun) throws IOException {
    Set<Digest> marked = new HashSet<>();
    int manifests = 0;
    List<String> repos = store.repositories();
    for (String repo : repos) {
      for (Digest m : store.manifests(repo)) {
        if (store.blobFile(m).isEmpty()) {
          continue;
        }
        manifests++;
        marked.add(m);
        String mediaType = store.manifestMediaType(repo, m).orElse(null);
        try {
          Manifest parsed = Manifest.parse(Files.readAllBytes(store.blobPath(m)), mediaType);
          for (Descriptor d : parsed.references()) {
            marked.add(d.digest());
          }
        } catch (IllegalArgumentException e) {
          // an artifact of a type we do not parse keeps only itself
        }
      }
    }
    List<Digest> removed = new ArrayList<>();
    long freed = 0;
    for (Digest blob : store.allBlobs()) {
      if (marked.contains(blob)) {
        continue;
      }
      removed.add(blob);
      if (dryRun) {
        freed += Files.size(store.blobPath(blob));
      } else {
        long size = store.deleteBlob(blob);
        freed += Math.max(0, size);
      }
    }
    if (!dryRun) {
      Set<Digest> gone = new HashSet<>(removed);
      for (String repo : repos) {
        for (Digest link : store.linkedBlobs(repo)) {
          if (gone.contains(link) || store.blobFile(link).isEmpty()) {
            store.unlinkBlob(repo, link);
          }
        }
      }
    }
    int uploads = new Uploads(store).removeIdle(Instant.now().minus(uploadMaxAge), dryRun);
    return new Result(manifests, removed, freed, uploads);
  }
}
