package io.airlock.installer.plan;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.KubernetesListBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plan as a Kubernetes {@code v1/List} of the objects to create or update, in apply order,
 * serialised by Fabric8's Jackson-based serialisation (so {@code kubectl apply --dry-run=server -f}
 * can check it). Secret values are redacted and binary data elided: private keys and passwords
 * never reach the terminal, and the payload's megabytes would hide the plan.
 */
public final class PlanOutput {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private PlanOutput() {}

  public static KubernetesList list(InstallPlan plan) {
    List<HasMetadata> items = new ArrayList<>();
    for (PlannedChange c : plan.changes()) {
      if (c.action() != PlannedChange.Action.DELETE) {
        items.add(redacted(c.object()));
      }
    }
    return new KubernetesListBuilder().withItems(items).build();
  }

  public static String yaml(InstallPlan plan) {
    return SERIALIZATION.asYaml(list(plan));
  }

  public static String json(InstallPlan plan) {
    return SERIALIZATION.asJson(list(plan));
  }

  /** A copy with secret values emptied and binary data replaced by its size. */
  static HasMetadata redacted(HasMetadata o) {
    HasMetadata copy = SERIALIZATION.clone(o);
    if (copy instanceof Secret s && s.getData() != null) {
      List<String> hidden = new ArrayList<>();
      Map<String, String> data = new LinkedHashMap<>(s.getData());
      for (String key : TlsSecrets.SECRET_KEYS) {
        if (data.containsKey(key)) {
          data.put(key, "");
          hidden.add(key);
        }
      }
      s.setData(data);
      if (!hidden.isEmpty()) {
        annotate(copy, "airlock.io/redacted", String.join(",", hidden));
      }
    }
    if (copy instanceof ConfigMap cm
        && cm.getBinaryData() != null
        && !cm.getBinaryData().isEmpty()) {
      List<String> elided = new ArrayList<>();
      Map<String, String> data = new LinkedHashMap<>();
      cm.getBinaryData()
          .forEach(
              (k, v) -> {
                elided.add(k + ": " + Base64.getDecoder().decode(v).length + " bytes");
                data.put(k, "");
              });
      cm.setBinaryData(data);
      annotate(copy, "airlock.io/elided", String.join(", ", elided));
    }
    return copy;
  }

  private static void annotate(HasMetadata o, String key, String value) {
    Map<String, String> a =
        o.getMetadata().getAnnotations() == null
            ? new LinkedHashMap<>()
            : new LinkedHashMap<>(o.getMetadata().getAnnotations());
    a.put(key, value);
    o.getMetadata().setAnnotations(a);
  }
}
