package io.airlock.installer.plan;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/** The labels every object Airlock makes carries, so it can find (and remove) its own. */
public final class Labels {

  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String COMPONENT = "app.kubernetes.io/component";

  private Labels() {}

  public static Map<String, String> common(String component) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("app.kubernetes.io/part-of", "airlock");
    m.put(MANAGED_BY, "airlock");
    m.put(COMPONENT, component);
    return m;
  }

  /** The metadata of object {@code name} in {@code namespace}, labelled as {@code component}'s. */
  public static ObjectMeta metadata(String name, String namespace, String component) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(common(component))
        .build();
  }

  /** The selector of a workload: stable, unlike the full label set. */
  public static Map<String, String> selector(String component) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("app.kubernetes.io/part-of", "airlock");
    m.put(COMPONENT, component);
    return m;
  }
}
