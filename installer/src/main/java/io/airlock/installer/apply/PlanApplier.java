package io.airlock.installer.apply;

import com.fasterxml.jackson.databind.JsonNode;
import io.airlock.core.oci.Json;
import io.airlock.installer.cluster.KubeErrors;
import io.airlock.installer.plan.InstallPlan;
import io.airlock.installer.plan.PlannedChange;
import io.airlock.installer.plan.SeedContent;
import io.airlock.installer.plan.SeedInput;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Sends planned objects to the API server by server-side apply (field manager {@value
 * #FIELD_MANAGER}): as a dry-run ({@code dryRun=All}: validated, defaulted and admitted like the
 * real thing, never stored) or for real. Server-side apply creates what is missing and updates what
 * exists without touching fields others own, so immutable fields the server filled in (a Service's
 * cluster IP) are never sent back empty.
 *
 * <p>A dry-run cannot put anything into a namespace that does not exist yet, and a pod is refused
 * while its service account is missing. So in a fresh cluster the namespaced objects are checked in
 * {@value #SCRATCH_NAMESPACE} and the injector pod with that namespace's {@code default} account;
 * each result says how it was checked. Validation (field names, label syntax, immutable fields,
 * host ports) does not depend on either.
 */
public final class PlanApplier {

  public static final String FIELD_MANAGER = "airlock";
  static final String SCRATCH_NAMESPACE = "default";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final KubernetesClient client;
  private final SeedInput seed;

  /**
   * @param seed the plan's seed, whose chunks are read as they are sent; null for none
   */
  public PlanApplier(KubernetesClient client, SeedInput seed) {
    this.client = client;
    this.seed = seed;
  }

  /**
   * A server-side dry-run of every object the plan creates or updates, in apply order. Deletions
   * are not sent.
   *
   * @throws KubernetesClientException when the server is unreachable or rejects the credentials
   */
  public List<ApplyResult> dryRun(InstallPlan plan) {
    Set<String> newNamespaces = new HashSet<>();
    Set<String> newAccounts = new HashSet<>();
    for (PlannedChange c : plan.changes()) {
      if (c.action() == PlannedChange.Action.CREATE && c.object() instanceof Namespace n) {
        newNamespaces.add(n.getMetadata().getName());
      }
      if (c.action() == PlannedChange.Action.CREATE && c.object() instanceof ServiceAccount sa) {
        newAccounts.add(sa.getMetadata().getNamespace() + "/" + sa.getMetadata().getName());
      }
    }
    List<ApplyResult> results = new ArrayList<>();
    for (PlannedChange c : plan.changes()) {
      if (c.action() == PlannedChange.Action.DELETE) {
        continue;
      }
      HasMetadata o = c.object();
      List<String> how = new ArrayList<>();
      String ns = o.getMetadata().getNamespace();
      if (ns != null && newNamespaces.contains(ns)) {
        o = SERIALIZATION.clone(o);
        o.getMetadata().setNamespace(SCRATCH_NAMESPACE);
        how.add("checked in namespace " + SCRATCH_NAMESPACE + " (" + ns + " does not exist yet)");
      }
      if (o instanceof Pod p
          && p.getSpec().getServiceAccountName() != null
          && newAccounts.contains(ns + "/" + p.getSpec().getServiceAccountName())) {
        String account = p.getSpec().getServiceAccountName();
        p = SERIALIZATION.clone(p);
        p.getSpec().setServiceAccountName("default");
        o = p;
        how.add("with service account default (" + account + " does not exist yet)");
      }
      results.add(send(c, o, true, String.join("; ", how)));
    }
    return results;
  }

  /**
   * Applies one change for real.
   *
   * @throws KubernetesClientException when the server is unreachable or rejects the credentials
   */
  public ApplyResult apply(PlannedChange change) {
    if (change.action() == PlannedChange.Action.DELETE) {
      throw new IllegalArgumentException("not an apply: " + change.describe());
    }
    return send(change, change.object(), false, "");
  }

  private ApplyResult send(PlannedChange c, HasMetadata o, boolean dryRun, String how) {
    HasMetadata sent = SeedContent.complete(o, seed);
    try {
      HasMetadata answer;
      try {
        answer =
            client
                .resource(sent)
                .dryRun(dryRun)
                .fieldManager(FIELD_MANAGER)
                .forceConflicts()
                .serverSideApply();
      } catch (KubernetesClientException e) {
        // A server without server-side apply (Fabric8's mock: 404 for what does not exist, 415
        // for what does; every Kubernetes since 1.16 applies) gets a create or an update. A real
        // 404 (no such namespace) fails the create the same way, in the server's words.
        if (dryRun || !(KubeErrors.isNotFound(e) || KubeErrors.effectiveCode(e) == 415)) {
          throw e;
        }
        answer =
            client
                .resource(sent)
                .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
      }
      return ApplyResult.accepted(c, how, DroppedFields.of(tree(sent), tree(answer)));
    } catch (KubernetesClientException e) {
      if (KubeErrors.isFatal(e)) {
        throw e;
      }
      String words = KubeErrors.brief(e);
      return ApplyResult.refused(c, how.isEmpty() ? words : words + " [" + how + "]");
    }
  }

  private static JsonNode tree(HasMetadata o) {
    return Json.parse(SERIALIZATION.asJson(o).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
