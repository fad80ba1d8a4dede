package io.airlock.app.wizard;

import io.airlock.core.digest.Digest;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Sums the push's per-blob byte counts into bytes per artifact, for the Install page's bar on each
 * row. Written on the push's worker threads, drained by the progress timer: one lock, held for a
 * map update, so the transfer never waits long.
 */
final class ArtifactBytes {

  private final Map<String, Map<Digest, Long>> blobs = new HashMap<>();
  private final Set<String> moved = new java.util.LinkedHashSet<>();

  /** A blob of {@code artifact} reached {@code bytes} (counts never go back: a retry resends). */
  synchronized void advance(String artifact, Digest blob, long bytes) {
    Map<Digest, Long> of = blobs.computeIfAbsent(artifact, a -> new HashMap<>());
    if (bytes > of.getOrDefault(blob, 0L)) {
      of.put(blob, bytes);
      moved.add(artifact);
    }
  }

  /** The byte count of every artifact that moved since the last call. */
  synchronized Map<String, Long> drain() {
    if (moved.isEmpty()) {
      return Map.of();
    }
    Map<String, Long> out = new LinkedHashMap<>();
    for (String a : moved) {
      out.put(a, blobs.get(a).values().stream().mapToLong(Long::longValue).sum());
    }
    moved.clear();
    return out;
  }
}
