package io.airlock.installer.charts;

import io.airlock.core.progress.ProgressListener;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches the pods of a release while Helm waits for them, and turns each change into a {@link
 * ChartEvent.PodProgress}: scheduled, images pulled, containers ready, restarts, why one waits.
 * After a failure, {@link #diagnosis} gives each unready pod's last events and log lines.
 *
 * <p>A pod belongs to the release when a label the common chart conventions set names it ({@code
 * app.kubernetes.io/instance}, {@code release}, {@code app}) or its name starts with the release's:
 * Helm itself labels the objects it makes, not their pods.
 */
public final class ReleaseWatch implements AutoCloseable {

  private static final List<String> RELEASE_LABELS =
      List.of("app.kubernetes.io/instance", "release", "app");
  private static final int LOG_LINES = 20;
  private static final int EVENTS = 8;

  private final KubernetesClient client;
  private final String release;
  private final String namespace;
  private final ProgressListener listener;
  private final Map<String, ChartEvent.PodProgress> last = new ConcurrentHashMap<>();
  private final Watch watch;

  private ReleaseWatch(
      KubernetesClient client, String release, String namespace, ProgressListener listener) {
    this.client = client;
    this.release = release;
    this.namespace = namespace;
    this.listener = listener;
    this.watch = client.pods().inNamespace(namespace).watch(new PodWatcher());
  }

  /** Starts watching; close it when Helm returns. */
  public static ReleaseWatch start(
      KubernetesClient client, String release, String namespace, ProgressListener listener) {
    return new ReleaseWatch(client, release, namespace, listener);
  }

  @Override
  public void close() {
    watch.close();
  }

  /** The latest state of each pod seen, by name. */
  public Map<String, ChartEvent.PodProgress> pods() {
    return Map.copyOf(last);
  }

  boolean belongs(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    if (labels != null) {
      for (String key : RELEASE_LABELS) {
        if (release.equals(labels.get(key))) {
          return true;
        }
      }
    }
    return pod.getMetadata().getName().startsWith(release + "-");
  }

  static ChartEvent.PodProgress progress(String release, Pod pod) {
    var status = pod.getStatus();
    List<ContainerStatus> cs =
        status == null || status.getContainerStatuses() == null
            ? List.of()
            : status.getContainerStatuses();
    int containers = Math.max(cs.size(), pod.getSpec().getContainers().size());
    int pulled = 0;
    int ready = 0;
    int restarts = 0;
    String waiting = null;
    for (ContainerStatus c : cs) {
      if (c.getImageID() != null && !c.getImageID().isEmpty()) {
        pulled++;
      }
      if (Boolean.TRUE.equals(c.getReady())) {
        ready++;
      }
      restarts += c.getRestartCount() == null ? 0 : c.getRestartCount();
      if (c.getState() != null && c.getState().getWaiting() != null && waiting == null) {
        waiting = c.getState().getWaiting().getReason();
      }
    }
    boolean scheduled = pod.getSpec().getNodeName() != null;
    return new ChartEvent.PodProgress(
        release,
        pod.getMetadata().getName(),
        status == null ? "Pending" : status.getPhase(),
        scheduled,
        pulled,
        ready,
        containers,
        restarts,
        waiting);
  }

  /**
   * For each pod of the release that is not ready: its last events and the last lines of each
   * container's log (where it has one), as lines a person reads.
   */
  public List<String> diagnosis() {
    List<String> lines = new ArrayList<>();
    List<Pod> pods;
    try {
      pods = client.pods().inNamespace(namespace).list().getItems();
    } catch (KubernetesClientException e) {
      return List.of("(the pods could not be listed: " + e.getMessage() + ")");
    }
    for (Pod pod : pods) {
      if (!belongs(pod)) {
        continue;
      }
      ChartEvent.PodProgress p = progress(release, pod);
      if (p.ready() == p.containers()) {
        continue;
      }
      String name = pod.getMetadata().getName();
      lines.add(
          "pod "
              + namespace
              + "/"
              + name
              + ": "
              + p.phase()
              + (p.waiting() == null ? "" : " (" + p.waiting() + ")")
              + ", "
              + p.ready()
              + "/"
              + p.containers()
              + " ready, "
              + p.restarts()
              + " restart(s)");
      events(name).forEach(e -> lines.add("  event: " + e));
      for (var c : pod.getSpec().getContainers()) {
        logTail(name, c.getName()).forEach(l -> lines.add("  log " + c.getName() + ": " + l));
      }
    }
    return lines;
  }

  private List<String> events(String pod) {
    try {
      List<Event> events =
          client.v1().events().inNamespace(namespace).list().getItems().stream()
              .filter(e -> pod.equals(e.getInvolvedObject().getName()))
              .sorted(Comparator.comparing(e -> Objects.toString(e.getLastTimestamp(), "")))
              .toList();
      return events.subList(Math.max(0, events.size() - EVENTS), events.size()).stream()
          .map(e -> e.getReason() + ": " + e.getMessage())
          .toList();
    } catch (KubernetesClientException e) {
      return List.of("(events could not be read: " + e.getMessage() + ")");
    }
  }

  private List<String> logTail(String pod, String container) {
    try {
      String log =
          client
              .pods()
              .inNamespace(namespace)
              .withName(pod)
              .inContainer(container)
              .tailingLines(LOG_LINES)
              .getLog();
      return log == null ? List.of() : log.lines().toList();
    } catch (KubernetesClientException e) {
      return List.of(); // not started: there is no log yet, and the events say why
    }
  }

  private final class PodWatcher implements Watcher<Pod> {
    @Override
    public void eventReceived(Action action, Pod pod) {
      if (action == Action.DELETED || !belongs(pod)) {
        return;
      }
      ChartEvent.PodProgress p = progress(release, pod);
      if (!p.equals(last.put(p.pod(), p))) {
        listener.onEvent(p);
      }
    }

    @Override
    public void onClose(WatcherException cause) {
      // Helm's own wait decides the outcome; a closed watch only means fewer progress lines
    }
  }
}
