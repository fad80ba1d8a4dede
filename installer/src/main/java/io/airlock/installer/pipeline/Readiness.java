package io.airlock.installer.pipeline;

import io.airlock.core.BadInputException;
import io.airlock.core.Pause;
import io.airlock.core.Phrase;
import io.airlock.core.RemoteFailureException;
import io.airlock.core.Setting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Waits for Airlock's pods to serve, telling the person what they wait for, and fails in the
 * cluster's words: a pod that never becomes Ready gives its state, its events and its last log
 * lines; an image the node cannot pull fails at once rather than at the timeout.
 */
final class Readiness {

  private static final long POLL_MILLIS = 500;
  private static final int LOG_LINES = 15;

  private Readiness() {}

  /** Waits until the pod is Ready. */
  static void pod(InstallRun run, String namespace, String name, Duration timeout)
      throws BadInputException, RemoteFailureException, InterruptedIOException {
    KubernetesClient client = run.connection().client();
    await(
        run,
        "pod " + namespace + "/" + name,
        () -> {
          Pod p = client.pods().inNamespace(namespace).withName(name).get();
          return new Status(p == null ? null : ready(p) ? "" : "not ready", Optional.ofNullable(p));
        },
        namespace,
        timeout);
  }

  /** The workloads whose rollout Airlock waits for, and how far each is read from its status. */
  enum Workload {
    /** A Deployment of one replica (the registry). */
    DEPLOYMENT("Deployment") {
      @Override
      String progress(KubernetesClient client, String namespace, String name) {
        Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
        return d == null ? null : current(d) ? "" : rollout(d);
      }
    },
    /**
     * Ready on every node it is meant for (the node proxies, the seed injectors of proxy modes).
     */
    DAEMON_SET("DaemonSet") {
      @Override
      String progress(KubernetesClient client, String namespace, String name) {
        DaemonSet d = client.apps().daemonSets().inNamespace(namespace).withName(name).get();
        return d == null ? null : rollout(d);
      }
    };

    private final String kind;

    Workload(String kind) {
      this.kind = kind;
    }

    /** Empty when done, null when the object is missing, else how far it is. */
    abstract String progress(KubernetesClient client, String namespace, String name);
  }

  /** Waits until the workload's current template runs in Ready pods. */
  static void rollout(
      InstallRun run,
      Workload workload,
      String namespace,
      String name,
      Map<String, String> podLabels,
      Duration timeout)
      throws BadInputException, RemoteFailureException, InterruptedIOException {
    KubernetesClient client = run.connection().client();
    await(
        run,
        workload.kind + " " + namespace + "/" + name,
        () -> {
          String p = workload.progress(client, namespace, name);
          return new Status(
              p,
              p != null && p.isEmpty() ? Optional.empty() : newest(client, namespace, podLabels));
        },
        namespace,
        timeout);
  }

  /** How far the object is (as {@link Workload#progress}) and its newest pod, if any. */
  private record Status(String progress, Optional<Pod> pod) {}

  private interface Probe {
    Status get();
  }

  private static void await(
      InstallRun run, String what, Probe probe, String namespace, Duration timeout)
      throws BadInputException, RemoteFailureException, InterruptedIOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (true) {
      Status s = probe.get();
      String p = s.progress();
      if (p != null && p.isEmpty()) {
        return;
      }
      Optional<Pod> pod = s.pod();
      String state =
          p == null
              ? "not created yet"
              : pod.map(Readiness::describe).orElse("no pod yet (" + p + ")");
      if (!state.equals(last)) {
        run.note("waiting for " + what + ": " + state);
        last = state;
      }
      if (pod.isPresent()) {
        failFast(run, namespace, pod.get());
      }
      if (System.nanoTime() > deadline) {
        throw notReady(run, what, timeout, state, pod, namespace);
      }
      sleep();
    }
  }

  static boolean ready(Pod p) {
    return p.getStatus() != null
        && p.getStatus().getConditions() != null
        && p.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** The rollout of the Deployment's current generation is done and its pod is Ready. */
  private static boolean current(Deployment d) {
    var s = d.getStatus();
    if (s == null) {
      return false;
    }
    long generation = d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
    return s.getObservedGeneration() != null
        && s.getObservedGeneration() >= generation
        && Objects.equals(s.getUpdatedReplicas(), 1)
        && Objects.equals(s.getReadyReplicas(), 1)
        && (s.getReplicas() == null || s.getReplicas() == 1);
  }

  private static String rollout(Deployment d) {
    var s = d.getStatus();
    return s == null
        ? "not started"
        : "ready " + (s.getReadyReplicas() == null ? 0 : s.getReadyReplicas());
  }

  /** Empty when the current generation runs Ready on every node it is meant for. */
  private static String rollout(DaemonSet d) {
    var s = d.getStatus();
    if (s == null || s.getObservedGeneration() == null) {
      return "not started";
    }
    long generation = d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
    int want = s.getDesiredNumberScheduled() == null ? 0 : s.getDesiredNumberScheduled();
    int ready = s.getNumberReady() == null ? 0 : s.getNumberReady();
    int updated = s.getUpdatedNumberScheduled() == null ? 0 : s.getUpdatedNumberScheduled();
    boolean done =
        s.getObservedGeneration() >= generation
            && want > 0
            && ready == want
            && updated == want
            && (s.getNumberUnavailable() == null || s.getNumberUnavailable() == 0);
    return done ? "" : ready + " of " + want + " node(s) ready, " + updated + " updated";
  }

  private static Optional<Pod> newest(
      KubernetesClient client, String namespace, Map<String, String> labels) {
    return client.pods().inNamespace(namespace).withLabels(labels).list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .max(Comparator.comparing(p -> p.getMetadata().getCreationTimestamp()));
  }

  /** Its phase, and why it waits: unscheduled, a container waiting and why, not yet ready. */
  static String describe(Pod p) {
    if (p.getStatus() == null) {
      return "no status yet";
    }
    List<String> parts = new ArrayList<>();
    parts.add(String.valueOf(p.getStatus().getPhase()));
    if (p.getStatus().getConditions() != null) {
      for (PodCondition c : p.getStatus().getConditions()) {
        if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())) {
          parts.add("not scheduled: " + c.getMessage());
        }
      }
    }
    for (ContainerStatus c : statuses(p)) {
      if (c.getState() != null && c.getState().getWaiting() != null) {
        var w = c.getState().getWaiting();
        parts.add(
            c.getName()
                + " "
                + w.getReason()
                + (w.getMessage() == null || w.getMessage().isBlank()
                    ? ""
                    : ": " + w.getMessage()));
      } else if (c.getState() != null && c.getState().getTerminated() != null) {
        var t = c.getState().getTerminated();
        parts.add(c.getName() + " exited " + t.getExitCode() + " (" + t.getReason() + ")");
      } else if (!Boolean.TRUE.equals(c.getReady())) {
        parts.add(c.getName() + " running, not ready yet");
      }
    }
    return String.join("; ", parts);
  }

  private static List<ContainerStatus> statuses(Pod p) {
    List<ContainerStatus> all = new ArrayList<>();
    if (p.getStatus().getInitContainerStatuses() != null) {
      all.addAll(p.getStatus().getInitContainerStatuses());
    }
    if (p.getStatus().getContainerStatuses() != null) {
      all.addAll(p.getStatus().getContainerStatuses());
    }
    return all;
  }

  /**
   * A pod that cannot start without a change: its image cannot be pulled (not in the seed, the seed
   * unreachable) or its container crashes again and again.
   */
  private static void failFast(InstallRun run, String namespace, Pod p)
      throws BadInputException, RemoteFailureException {
    for (ContainerStatus c : statuses(p)) {
      var w = c.getState() == null ? null : c.getState().getWaiting();
      if (w == null) {
        continue;
      }
      String reason = String.valueOf(w.getReason());
      boolean pull = reason.equals("ImagePullBackOff") || reason.equals("InvalidImageName");
      boolean crash =
          reason.equals("CrashLoopBackOff")
              && c.getRestartCount() != null
              && c.getRestartCount() >= 2;
      boolean config = reason.equals("CreateContainerConfigError");
      if (pull || crash || config) {
        String what = "pod " + namespace + "/" + p.getMetadata().getName();
        Phrase hint =
            pull
                ? Phrase.of(
                    "The node cannot pull "
                        + c.getImage()
                        + ". From the seed injector (127.0.0.1:31998 on the node): is the injector"
                        + " pod Ready, and does the seed payload hold this image? With ",
                    Setting.REGISTRY_IMAGE,
                    " given, the image must be in ",
                    Setting.SEED_PAYLOAD,
                    ".")
                : Phrase.of("See the log lines above; fix the cause and run again.");
        throw new RemoteFailureException(
            Phrase.of(
                what
                    + " cannot start: "
                    + c.getName()
                    + " "
                    + reason
                    + (w.getMessage() == null ? "" : ": " + w.getMessage())
                    + "."
                    + diagnostics(run, namespace, p.getMetadata().getName(), c.getName())),
            hint);
      }
    }
  }

  private static RemoteFailureException notReady(
      InstallRun run,
      String what,
      Duration timeout,
      String state,
      Optional<Pod> pod,
      String namespace)
      throws BadInputException {
    return new RemoteFailureException(
        what
            + " did not become Ready in "
            + timeout.toSeconds()
            + " s: "
            + state
            + "."
            + pod.map(p -> diagnostics(run, namespace, p.getMetadata().getName(), null)).orElse(""),
        "Read the events above (kubectl -n "
            + namespace
            + " describe pod); a Pending pod waits for a node or its volume, a waiting"
            + " container for its image. Fix it and run again: the installation continues.");
  }

  /**
   * The pod's events and the last log lines of {@code container} (null: the pod's only one), each
   * line indented under the message.
   */
  static String diagnostics(InstallRun run, String namespace, String pod, String container) {
    StringBuilder s = new StringBuilder();
    try {
      KubernetesClient client = run.connection().client();
      List<Event> events =
          client
              .v1()
              .events()
              .inNamespace(namespace)
              .withField("involvedObject.name", pod)
              .list()
              .getItems();
      events.sort(
          Comparator.comparing(
              e -> String.valueOf(e.getLastTimestamp() != null ? e.getLastTimestamp() : "")));
      if (!events.isEmpty()) {
        s.append("\n  Events:");
        for (Event e : events.subList(Math.max(0, events.size() - 10), events.size())) {
          s.append("\n    ")
              .append(e.getType())
              .append(' ')
              .append(e.getReason())
              .append(": ")
              .append(e.getMessage());
        }
      }
      var resource = client.pods().inNamespace(namespace).withName(pod);
      String log =
          container == null
              ? resource.tailingLines(LOG_LINES).getLog()
              : resource.inContainer(container).tailingLines(LOG_LINES).getLog();
      if (log != null && !log.isBlank()) {
        s.append("\n  Last log lines:");
        log.lines().forEach(l -> s.append("\n    ").append(l));
      }
    } catch (KubernetesClientException | BadInputException e) {
      // the diagnostics are a help; their failure must not hide the failure itself
    }
    return s.toString();
  }

  private static void sleep() throws InterruptedIOException {
    try {
      Pause.of(Duration.ofMillis(POLL_MILLIS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("cancelled while waiting");
    }
  }
}
