package io.airlock.installer.plan;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Optional;

/**
 * The bytes a plan leaves out of its objects until they are sent: the payload chunks, read from the
 * seed payload one at a time so memory stays flat whatever its size.
 */
public final class SeedContent {

  private static final String CHUNK_ANNOTATION = "airlock.io/chunk";

  private SeedContent() {}

  /** The chunk index of a payload chunk ConfigMap, or -1 for any other object. */
  public static int chunkIndex(HasMetadata o) {
    if (!(o instanceof ConfigMap)) {
      return -1;
    }
    Map<String, String> a =
        Optional.ofNullable(o.getMetadata().getAnnotations()).orElse(Map.of());
    String name = o.getMetadata().getName();
    if (!a.containsKey(CHUNK_ANNOTATION) || !name.startsWith("airlock-seed-")) {
      return -1;
    }
    try {
      return Integer.parseInt(name.substring("airlock-seed-".length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * The object as it is sent: a payload chunk with its bytes read now; anything else (or a chunk
   * without a seed, a placeholder) unchanged.
   */
  public static HasMetadata complete(HasMetadata o, SeedInput seed) {
    int index = chunkIndex(o);
    if (index < 0 || seed == null || index >= seed.chunkCount()) {
      return o;
    }
    return InjectorObjects.chunk(o.getMetadata().getNamespace(), seed, index, true);
  }
}
