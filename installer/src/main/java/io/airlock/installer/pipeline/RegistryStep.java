package io.airlock.installer.pipeline;

import io.airlock.core.AirlockException;
import io.airlock.installer.plan.PlanParts;
import io.airlock.installer.plan.PlannedChange;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InterruptedIOException;
import java.util.List;

/**
 * The registry: its volume, its Deployment (Airlock's image, pulled from the seed) and Services,
 * then waits until it is Ready; a pod that cannot pull its image, a volume that never binds or a
 * container that keeps crashing fails the step with the pod's events and log.
 */
final class RegistryStep implements InstallStep {

  @Override
  public String id() {
    return "registry";
  }

  @Override
  public String title() {
    return "Run the registry in the cluster";
  }

  @Override
  public Result run(InstallRun run) throws AirlockException, InterruptedIOException {
    ClusterRequest c = run.request().cluster();
    replaceBackedOffPods(run, run.connection().client(), c.namespace());
    int sent = ClusterChanges.apply(run, PlanParts.Part.REGISTRY);
    long t0 = System.nanoTime();
    Readiness.rollout(
        run,
        Readiness.Workload.DEPLOYMENT,
        c.namespace(),
        PlanParts.REGISTRY,
        PlanParts.registryPods(),
        c.readyTimeout());
    String ready = InstallStep.seconds(System.nanoTime() - t0);
    String proxies = "";
    if (run.plan.mode().mode().usesProxy()) {
      long p0 = System.nanoTime();
      Readiness.rollout(
          run,
          Readiness.Workload.DAEMON_SET,
          c.namespace(),
          PlanParts.PROXY,
          PlanParts.proxyPods(),
          c.readyTimeout());
      proxies =
          "; DaemonSet "
              + PlanParts.PROXY
              + " Ready on every node in "
              + InstallStep.seconds(System.nanoTime() - p0);
    }
    return Result.done(
        sent
            + " object(s) applied; Deployment "
            + PlanParts.REGISTRY
            + " Ready in "
            + ready
            + proxies
            + "; nodes pull from "
            + run.plan.target().baseUrl());
  }

  /**
   * A registry pod of an earlier attempt that could not pull its image waits out a back-off of up
   * to five minutes: the seed serves now, so it is replaced and the new one pulls at once.
   */
  private static void replaceBackedOffPods(InstallRun run, KubernetesClient client, String ns) {
    for (Pod p :
        client.pods().inNamespace(ns).withLabels(PlanParts.registryPods()).list().getItems()) {
      boolean backedOff =
          p.getStatus() != null
              && java.util.stream.Stream.concat(
                      p.getStatus().getInitContainerStatuses() == null
                          ? java.util.stream.Stream.empty()
                          : p.getStatus().getInitContainerStatuses().stream(),
                      p.getStatus().getContainerStatuses() == null
                          ? java.util.stream.Stream.empty()
                          : p.getStatus().getContainerStatuses().stream())
                  .anyMatch(
                      cs ->
                          cs.getState() != null
                              && cs.getState().getWaiting() != null
                              && List.of("ImagePullBackOff", "ErrImagePull", "CrashLoopBackOff")
                                  .contains(cs.getState().getWaiting().getReason()));
      if (backedOff) {
        run.note(
            "pod "
                + p.getMetadata().getName()
                + " of an earlier attempt waits out a back-off: replacing it");
        client
            .pods()
            .inNamespace(ns)
            .withName(p.getMetadata().getName())
            .withGracePeriod(0)
            .delete();
      }
    }
  }

  /**
   * True when the registry's Deployment has a Ready pod of the images this run plans: the run needs
   * no seed (a new registry image, from a newer Airlock, comes from the seed again).
   */
  static boolean running(InstallRun run, KubernetesClient client, String namespace) {
    Deployment d =
        client.apps().deployments().inNamespace(namespace).withName(PlanParts.REGISTRY).get();
    Deployment planned =
        run.plan.changes().stream()
            .map(PlannedChange::object)
            .filter(
                o ->
                    o instanceof Deployment && o.getMetadata().getName().equals(PlanParts.REGISTRY))
            .map(Deployment.class::cast)
            .findFirst()
            .orElse(null);
    return d != null
        && planned != null
        && images(d).equals(images(planned))
        && d.getStatus() != null
        && d.getStatus().getReadyReplicas() != null
        && d.getStatus().getReadyReplicas() >= 1;
  }

  private static List<String> images(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().stream()
        .map(Container::getImage)
        .toList();
  }
}
