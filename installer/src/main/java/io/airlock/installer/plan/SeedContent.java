package io.airlock.installer.plan;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;

/**
 * The bytes a plan leaves out of its objects until they are sent: each payload chunk is read from
 * the seed payload only when its ConfigMap goes to the API server, one at a time, so memory stays
 * flat whatever the payload's size.
 */
public final class SeedContent {

  private SeedContent() {}

  /**
   * The object as it is sent: a payload chunk ConfigMap with its bytes read now; any other object
   * (or a placeholder chunk of a plan without a seed) unchanged.
   */
  public static HasMetadata complete(HasMetadata o, SeedInput seed) {
    if (seed == null || !(o instanceof ConfigMap cm)) {
      return o;
    }
    Map<String, String> a = cm.getMetadata().getAnnotations();
    String chunk = a == null ? null : a.get(InjectorObjects.CHUNK_ANNOTATION);
    if (chunk == null) {
      return o;
    }
    for (int i = 0; i < seed.chunkCount(); i++) {
      if (InjectorContract.chunkName(i).equals(chunk)
          && cm.getMetadata().getName().equals(InjectorObjects.chunkConfigMap(i))) {
        return InjectorObjects.chunk(cm.getMetadata().getNamespace(), seed, i, true);
      }
    }
    return o;
  }
}
