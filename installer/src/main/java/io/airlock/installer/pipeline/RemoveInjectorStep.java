package io.airlock.installer.pipeline;

import io.airlock.core.AirlockException;
import io.airlock.installer.mode.RegistryMode;
import io.airlock.installer.plan.Labels;
import io.airlock.installer.plan.PlanParts;
import io.airlock.installer.plan.PlannedChange;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Removes the seed once the registry runs: the injector pod, its NodePort and the payload
 * ConfigMaps (nodeport mode: the registry holds its own image from now on; a later run seeds again
 * when the registry must start where its image is not). The pod goes first, at once (it only reads,
 * and ends on SIGTERM); what is not there (a later run) costs three list requests, not a delete per
 * chunk.
 */
final class RemoveInjectorStep implements InstallStep {

  @Override
  public String id() {
    return "remove-injector";
  }

  @Override
  public String title() {
    return "Remove the injector";
  }

  @Override
  public Result run(InstallRun run) throws AirlockException {
    if (run.plan.mode().mode() != RegistryMode.NODEPORT) {
      String kept = keptSeed(run);
      run.reportNote(kept);
      return Result.skipped(kept);
    }
    KubernetesClient client = run.connection().client();
    String ns = run.request().cluster().namespace();
    Set<String> present = present(client, ns);
    List<HasMetadata> seed =
        seedObjects(run).stream().filter(o -> present.contains(key(o))).toList();
    if (seed.isEmpty()) {
      return Result.done("nothing to remove: no injector runs");
    }
    List<HasMetadata> configMaps =
        seed.stream().filter(o -> o.getKind().equals("ConfigMap")).toList();
    int deleted =
        ClusterChanges.delete(run, seed.stream().filter(o -> !configMaps.contains(o)).toList());
    deleted += deleteConfigMaps(run, client, ns, configMaps);
    return Result.done(deleted + " object(s) removed (pod, NodePort 31998, payload ConfigMaps)");
  }

  /**
   * What the proxy modes keep and what it costs (seed 001): a node added later, or one whose proxy
   * image is gone, pulls the proxy from the injector on its own loopback.
   */
  static String keptSeed(InstallRun run) {
    long bytes = run.seed.payloadSize();
    for (byte[] b : run.seed.binaries().values()) {
      bytes += b.length;
    }
    int configMaps = run.seed.chunkCount() + run.seed.binaries().size() + 1;
    return "The seed stays in proxy mode "
        + run.plan.mode().mode().id()
        + " so that nodes added later (or a node whose proxy image is gone) can start the proxy:"
        + " the injector DaemonSet(s) and "
        + configMaps
        + " ConfigMap(s) holding "
        + io.airlock.core.Sizes.human(bytes)
        + " of etcd space (the payload, the injector binaries and their checksums); a switch to"
        + " mode nodeport removes them";
  }

  /** The seed's objects, the pod first so nothing reads a ConfigMap that is gone. */
  static List<HasMetadata> seedObjects(InstallRun run) {
    return run.plan.changes().stream()
        .filter(c -> c.action() != PlannedChange.Action.DELETE)
        .map(PlannedChange::object)
        .filter(o -> PlanParts.of(o) == PlanParts.Part.SEED)
        .sorted(java.util.Comparator.comparing(o -> o.getKind().equals("Pod") ? 0 : 1))
        .toList();
  }

  /**
   * The payload chunks and the injector's binary in one request (a delete per chunk is a second or
   * more on a busy API server); one by one where the user may not delete a collection.
   */
  private static int deleteConfigMaps(
      InstallRun run, KubernetesClient client, String ns, List<HasMetadata> configMaps)
      throws AirlockException {
    if (configMaps.isEmpty()) {
      return 0;
    }
    try {
      List<StatusDetails> gone =
          client
              .configMaps()
              .inNamespace(ns)
              .withLabel(Labels.MANAGED_BY, "airlock")
              .withLabelIn(Labels.COMPONENT, "injector", "seed-payload")
              .delete();
      gone.forEach(d -> ClusterChanges.recordDeleted(run, "v1", "ConfigMap", ns, d.getName()));
      return gone.size();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403) {
        throw e;
      }
      return ClusterChanges.delete(run, configMaps);
    }
  }

  /** Airlock's pods, Services and ConfigMaps in the namespace that are not being deleted. */
  private static Set<String> present(KubernetesClient client, String ns) {
    Set<String> keys = new HashSet<>();
    Stream.of(
            client.pods().inNamespace(ns).withLabel(Labels.MANAGED_BY, "airlock").list().getItems(),
            client
                .services()
                .inNamespace(ns)
                .withLabel(Labels.MANAGED_BY, "airlock")
                .list()
                .getItems(),
            client
                .configMaps()
                .inNamespace(ns)
                .withLabel(Labels.MANAGED_BY, "airlock")
                .list()
                .getItems())
        .flatMap(List::stream)
        .filter(o -> o.getMetadata().getDeletionTimestamp() == null)
        .forEach(o -> keys.add(key(o)));
    return keys;
  }

  private static String key(HasMetadata o) {
    return o.getKind() + "/" + o.getMetadata().getName();
  }
}
