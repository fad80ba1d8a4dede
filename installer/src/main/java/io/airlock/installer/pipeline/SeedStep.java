package io.airlock.installer.pipeline;

import io.airlock.core.AirlockException;
import io.airlock.core.Sizes;
import io.airlock.installer.plan.PlanParts;
import io.airlock.installer.plan.PlannedChange;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Brings the seed: the injector's binary and the payload (the registry image and the node images)
 * as ConfigMaps, and the injector pod on a node that already holds a pause image, serving the
 * payload behind the seed NodePort until the registry runs. Skipped when the registry already runs
 * (a later run needs no seed). Fails, with the pod's events and log, when it does not serve in
 * time.
 */
final class SeedStep implements InstallStep {

  @Override
  public String id() {
    return "seed";
  }

  @Override
  public String title() {
    return "Seed the registry image (injector)";
  }

  @Override
  public Result run(InstallRun run) throws AirlockException, InterruptedIOException {
    ClusterRequest c = run.request().cluster();
    String ns = c.namespace();
    KubernetesClient client = run.connection().client();
    if (run.plan.mode().mode().usesProxy()) {
      return hostInjectors(run, c);
    }
    if (RegistryStep.running(run, client, ns)) {
      return Result.skipped("the registry already runs: it needs no seed");
    }
    replaceStaleInjector(run, client, ns);
    long t0 = System.nanoTime();
    int sent = ClusterChanges.apply(run, PlanParts.Part.SEED);
    long applied = System.nanoTime();
    run.note(
        "payload "
            + Sizes.human(run.seed.payloadSize())
            + " in "
            + run.seed.chunkCount()
            + " ConfigMap(s); "
            + sent
            + " object(s) sent in "
            + InstallStep.seconds(applied - t0));
    Readiness.pod(run, ns, PlanParts.INJECTOR, c.readyTimeout());
    Pod pod = client.pods().inNamespace(ns).withName(PlanParts.INJECTOR).get();
    return Result.done(
        "injector on node "
            + pod.getSpec().getNodeName()
            + " serves "
            + payload(run, sent)
            + ") at 127.0.0.1:31998 of every node; "
            + ready(applied, "its"));
  }

  /**
   * Proxy modes: the payload and a host-network injector DaemonSet per architecture, kept after the
   * install so that a node added later (or one whose proxy image is gone) can pull the proxy from
   * its own loopback (seed 001). Chunks the cluster holds unchanged are not sent again.
   */
  private static Result hostInjectors(InstallRun run, ClusterRequest c)
      throws AirlockException, InterruptedIOException {
    long t0 = System.nanoTime();
    int sent = ClusterChanges.apply(run, PlanParts.Part.SEED);
    long applied = System.nanoTime();
    List<DaemonSet> injectors = injectorDaemonSets(run);
    for (DaemonSet d : injectors) {
      Readiness.rollout(
          run,
          Readiness.Workload.DAEMON_SET,
          c.namespace(),
          d.getMetadata().getName(),
          d.getSpec().getSelector().getMatchLabels(),
          c.readyTimeout());
    }
    return Result.done(
        injectors.size()
            + " host-network injector DaemonSet(s) serve "
            + payload(run, sent)
            + " in "
            + InstallStep.seconds(applied - t0)
            + ") at "
            + PlanParts.seedAddress(run.plan.mode().mode())
            + " of every node; "
            + ready(applied, "their"));
  }

  /** The injector DaemonSets of the plan (proxy modes), one per architecture. */
  static List<DaemonSet> injectorDaemonSets(InstallRun run) {
    return run.plan.changes().stream()
        .filter(ch -> ch.action() != PlannedChange.Action.DELETE)
        .map(PlannedChange::object)
        .filter(o -> o instanceof DaemonSet && PlanParts.of(o) == PlanParts.Part.SEED)
        .map(DaemonSet.class::cast)
        .toList();
  }

  /** A pod's volumes cannot change: an injector of another payload goes before the new one. */
  private static void replaceStaleInjector(InstallRun run, KubernetesClient client, String ns)
      throws InterruptedIOException {
    Pod existing = client.pods().inNamespace(ns).withName(PlanParts.INJECTOR).get();
    if (existing == null) {
      return;
    }
    Map<String, String> want =
        run.plan.changes().stream()
            .map(PlannedChange::object)
            .filter(o -> o instanceof Pod && o.getMetadata().getName().equals(PlanParts.INJECTOR))
            .findFirst()
            .map(o -> o.getMetadata().getAnnotations())
            .orElse(Map.of());
    Map<String, String> have = existing.getMetadata().getAnnotations();
    if (have != null
        && Objects.equals(
            want.get(PlanParts.PAYLOAD_ANNOTATION), have.get(PlanParts.PAYLOAD_ANNOTATION))
        && existing.getMetadata().getDeletionTimestamp() == null) {
      return;
    }
    run.note("the injector pod serves another payload: replacing it");
    client.pods().inNamespace(ns).withName(PlanParts.INJECTOR).withGracePeriod(0).delete();
    try {
      client
          .pods()
          .inNamespace(ns)
          .withName(PlanParts.INJECTOR)
          .waitUntilCondition(p -> p == null, 60, TimeUnit.SECONDS);
    } catch (io.fabric8.kubernetes.client.KubernetesClientTimeoutException e) {
      // the apply below then says what the server thinks
    }
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedIOException("cancelled while replacing the injector pod");
    }
  }

  /** The payload's size and chunks, and how many objects were sent, up to an open parenthesis. */
  private static String payload(InstallRun run, int sent) {
    return Sizes.human(run.seed.payloadSize())
        + " ("
        + run.seed.chunkCount()
        + " chunks, "
        + sent
        + " object(s) sent";
  }

  private static String ready(long applied, String whose) {
    return "Ready "
        + InstallStep.seconds(System.nanoTime() - applied)
        + " after "
        + whose
        + " objects were sent";
  }
}
