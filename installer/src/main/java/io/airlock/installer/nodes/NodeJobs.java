package io.airlock.installer.nodes;

import io.airlock.core.AirlockException;
import io.airlock.core.Pause;
import io.airlock.core.oci.Json;
import io.airlock.installer.cluster.KubeConnection;
import io.airlock.installer.cluster.KubeErrors;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs a {@link NodeJob}: makes its ConfigMap and DaemonSet, waits until every node it targets has
 * reported (or failed, or the time is up), and removes both whatever happened.
 */
public final class NodeJobs {

  private static final Set<String> STUCK =
      Set.of(
          "ErrImagePull",
          "ImagePullBackOff",
          "InvalidImageName",
          "CreateContainerConfigError",
          "CreateContainerError");

  private NodeJobs() {}

  /**
   * @return one report per node, in the order of {@code nodes}; a node that did not report in time
   *     or failed has a report with its error
   */
  public static List<NodeReport> run(
      KubeConnection connection,
      NodeJob job,
      List<String> nodes,
      Duration timeout,
      Consumer<String> note)
      throws AirlockException, InterruptedIOException {
    KubernetesClient c = connection.client();
    String ns = job.daemonSet().getMetadata().getNamespace();
    Map<String, NodeReport> reports = new LinkedHashMap<>();
    try {
      remove(c, job);
      awaitGone(c, job, timeout);
      if (job.configMap() != null) {
        c.configMaps().inNamespace(ns).resource(job.configMap()).create();
      }
      c.apps().daemonSets().inNamespace(ns).resource(job.daemonSet()).create();
      Instant deadline = Instant.now().plus(timeout);
      while (reports.size() < nodes.size() && Instant.now().isBefore(deadline)) {
        for (Pod p :
            c.pods().inNamespace(ns).withLabel("airlock.io/job", job.name()).list().getItems()) {
          String node = p.getSpec().getNodeName();
          if (node != null && nodes.contains(node) && !reports.containsKey(node)) {
            NodeReport r = report(node, p);
            if (r != null) {
              reports.put(node, r);
              note.accept(node + ": " + (r.error() == null ? r.summary() : r.error()));
            }
          }
        }
        if (reports.size() < nodes.size()) {
          pause();
        }
      }
    } catch (KubernetesClientException e) {
      throw KubeErrors.translate(e, "run " + job.name() + " on the nodes", connection);
    } finally {
      try {
        remove(c, job);
      } catch (KubernetesClientException e) {
        note.accept("could not remove " + job.name() + ": " + e.getMessage());
      }
    }
    List<NodeReport> out = new ArrayList<>();
    for (String n : nodes) {
      out.add(
          reports.getOrDefault(
              n,
              NodeReport.failed(
                  n, "no report within " + timeout.toSeconds() + " s (is the node Ready?)")));
    }
    return out;
  }

  /** The node's report once its init container ended, or null while it has not. */
  private static NodeReport report(String node, Pod p) {
    if (p.getStatus() == null || p.getStatus().getInitContainerStatuses() == null) {
      return null;
    }
    for (ContainerStatus s : p.getStatus().getInitContainerStatuses()) {
      var terminated =
          s.getState() != null && s.getState().getTerminated() != null
              ? s.getState().getTerminated()
              : s.getLastState() != null ? s.getLastState().getTerminated() : null;
      if (terminated != null) {
        String message = terminated.getMessage() == null ? "" : terminated.getMessage().trim();
        try {
          NodeReport r = Json.MAPPER.readValue(message, NodeReport.class);
          if (terminated.getExitCode() != 0 && r.error() == null) {
            return NodeReport.failed(node, "airlock-nodecfg exited " + terminated.getExitCode());
          }
          return r.node() == null || r.node().isEmpty()
              ? new NodeReport(node, r.root(), r.files(), r.dirs(), r.configPath(), r.error())
              : r;
        } catch (java.io.IOException e) {
          return NodeReport.failed(
              node, "airlock-nodecfg exited " + terminated.getExitCode() + ": " + message);
        }
      }
      if (s.getState() != null
          && s.getState().getWaiting() != null
          && STUCK.contains(s.getState().getWaiting().getReason())) {
        return NodeReport.failed(
            node,
            s.getState().getWaiting().getReason() + ": " + s.getState().getWaiting().getMessage());
      }
    }
    return null;
  }

  private static void remove(KubernetesClient c, NodeJob job) {
    String ns = job.daemonSet().getMetadata().getNamespace();
    c.apps()
        .daemonSets()
        .inNamespace(ns)
        .withName(job.name())
        .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
        .delete();
    c.configMaps().inNamespace(ns).withName(job.name()).delete();
    // The pods go with the DaemonSet; a new one of the same name waits until the old pods are gone.
    c.pods().inNamespace(ns).withLabel("airlock.io/job", job.name()).withGracePeriod(0).delete();
  }

  /** A job of the same name an interrupted run left goes first, with its pods. */
  private static void awaitGone(KubernetesClient c, NodeJob job, Duration timeout)
      throws InterruptedIOException {
    String ns = job.daemonSet().getMetadata().getNamespace();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)
        && (c.apps().daemonSets().inNamespace(ns).withName(job.name()).get() != null
            || !c.pods()
                .inNamespace(ns)
                .withLabel("airlock.io/job", job.name())
                .list()
                .getItems()
                .isEmpty())) {
      pause();
    }
  }

  private static void pause() throws InterruptedIOException {
    try {
      Pause.of(Duration.ofMillis(500));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("cancelled while waiting for the nodes");
    }
  }
}
