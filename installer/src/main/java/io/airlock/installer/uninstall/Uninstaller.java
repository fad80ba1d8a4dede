package io.airlock.installer.uninstall;

import io.airlock.core.AirlockException;
import io.airlock.core.Pause;
import io.airlock.core.RemoteFailureException;
import io.airlock.core.progress.Notice;
import io.airlock.core.progress.ProgressListener;
import io.airlock.installer.charts.HelmReleases;
import io.airlock.installer.cluster.KubeConnection;
import io.airlock.installer.cluster.KubeErrors;
import io.airlock.installer.nodes.NodeRestore;
import io.airlock.installer.plan.Labels;
import io.airlock.installer.state.InstallState;
import io.airlock.installer.state.StateStore;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Removes what the state Secret lists, and nothing else: every object Airlock made, in the reverse
 * of the order it made them, then the state Secret. With {@code keepData} the registry's volume
 * (its claim and, for a node directory, its PersistentVolume) and the namespace holding it stay, so
 * a later install finds the images there. Waits until the objects are gone.
 */
public final class Uninstaller {

  private static final Set<String> DATA = Set.of("PersistentVolumeClaim", "PersistentVolume");

  private final KubeConnection connection;
  private final ProgressListener listener;
  private final HelmReleases helm;

  public Uninstaller(KubeConnection connection, ProgressListener listener) {
    this(connection, listener, null);
  }

  /**
   * @param helm removes the Helm releases the state lists, or null to leave them (and say so)
   */
  public Uninstaller(KubeConnection connection, ProgressListener listener, HelmReleases helm) {
    this.connection = connection;
    this.listener = listener;
    this.helm = helm;
  }

  /**
   * Removes the Helm releases the state Secret lists (what {@code airlock install} installed from
   * the bundle's charts), and nothing else; the registry stays. The state then lists none.
   */
  public List<InstallState.InstalledRelease> uninstallReleases(String namespace)
      throws AirlockException {
    Optional<InstallState> read = StateStore.read(connection.client(), namespace);
    if (read.isEmpty()) {
      return List.of();
    }
    List<InstallState.InstalledRelease> removed = removeReleases(read.get());
    connection
        .client()
        .secrets()
        .inNamespace(namespace)
        .resource(StateStore.toSecret(read.get().withReleases(List.of()), namespace))
        .update();
    return removed;
  }

  private List<InstallState.InstalledRelease> removeReleases(InstallState state)
      throws AirlockException {
    if (helm == null) {
      throw new IllegalStateException("removing releases needs Helm");
    }
    List<InstallState.InstalledRelease> removed = new ArrayList<>();
    List<InstallState.InstalledRelease> order = new ArrayList<>(state.releases());
    java.util.Collections.reverse(order);
    for (InstallState.InstalledRelease r : order) {
      helm.uninstall(r.name(), r.namespace());
      listener.onEvent(Notice.info("removed the Helm release " + r.namespace() + "/" + r.name()));
      removed.add(r);
    }
    return removed;
  }

  /**
   * What an uninstall did.
   *
   * @param state the record it worked from, or null when there was none
   */
  public record Result(
      InstallState state,
      List<InstallState.InstalledObject> removed,
      List<InstallState.InstalledObject> kept,
      List<String> notes) {
    public Result {
      removed = List.copyOf(removed);
      kept = List.copyOf(kept);
      notes = List.copyOf(notes);
    }
  }

  public Result uninstall(String namespace, boolean keepData, Duration timeout)
      throws AirlockException, InterruptedIOException {
    return uninstall(namespace, keepData, false, timeout);
  }

  /**
   * @param keepNodeFiles leave the mirror files an install wrote onto the nodes as they are,
   *     instead of putting the nodes' configuration back first
   */
  public Result uninstall(
      String namespace, boolean keepData, boolean keepNodeFiles, Duration timeout)
      throws AirlockException, InterruptedIOException {
    KubernetesClient client = connection.client();
    List<String> notes = new ArrayList<>();
    Optional<InstallState> read;
    try {
      read = StateStore.read(client, namespace);
    } catch (KubernetesClientException e) {
      throw KubeErrors.translate(e, "read the state Secret in " + namespace, connection);
    }
    if (read.isEmpty()) {
      return withoutState(namespace, notes);
    }
    InstallState state = read.get();
    if (InstallState.INSTALLING.equals(state.status())) {
      notes.add(
          "The last installation stopped before its end: removing everything it listed, whether"
              + " it was made or not");
    }
    if (!state.releases().isEmpty()) {
      if (helm != null) {
        removeReleases(state);
      } else {
        notes.add(
            "Left the Helm releases Airlock installed ("
                + String.join(
                    ", ",
                    state.releases().stream().map(r -> r.namespace() + "/" + r.name()).toList())
                + "): their images are no longer served");
      }
    }
    if (!state.nodes().isEmpty() && keepNodeFiles) {
      notes.add(
          "Left the mirror files on "
              + state.nodes().size()
              + " node(s) as they are; a file of the site's that Airlock replaced is beside it as"
              + " FILE.airlock-backup");
    } else if (!state.nodes().isEmpty()) {
      // First, while the registry still serves the node program's image.
      notes.addAll(
          NodeRestore.restore(
              connection,
              namespace,
              state.nodes(),
              timeout,
              m -> listener.onEvent(Notice.info(m))));
    }
    List<InstallState.InstalledObject> removed = new ArrayList<>();
    List<InstallState.InstalledObject> kept = new ArrayList<>();
    List<InstallState.InstalledObject> order = new ArrayList<>(state.installed());
    java.util.Collections.reverse(order);
    for (InstallState.InstalledObject o : order) {
      if (keepData && (DATA.contains(o.kind()) || o.kind().equals("Namespace"))) {
        kept.add(o);
        continue;
      }
      if (delete(o)) {
        removed.add(o);
      }
    }
    delete(new InstallState.InstalledObject("v1", "Secret", namespace, StateStore.NAME));
    awaitGone(removed, timeout);
    if (keepData && !kept.isEmpty()) {
      notes.add(
          "Kept the registry's data ("
              + String.join(", ", kept.stream().map(o -> o.kind() + " " + o.name()).toList())
              + "): a later 'airlock install' finds its images there");
    }
    return new Result(state, removed, kept, notes);
  }

  /**
   * No state Secret: Airlock removes nothing, except a namespace it made that holds nothing but
   * Airlock's objects (a run killed between making the namespace and saving the state).
   */
  private Result withoutState(String namespace, List<String> notes) throws RemoteFailureException {
    KubernetesClient client = connection.client();
    Namespace ns = client.namespaces().withName(namespace).get();
    if (ns == null) {
      notes.add("Namespace " + namespace + " does not exist: nothing to remove");
      return new Result(null, List.of(), List.of(), notes);
    }
    boolean ours =
        ns.getMetadata().getLabels() != null
            && "airlock".equals(ns.getMetadata().getLabels().get(Labels.MANAGED_BY));
    boolean onlyOurs =
        client.secrets().inNamespace(namespace).list().getItems().stream()
                .allMatch(s -> isOurs(s.getMetadata().getLabels()) || isToken(s))
            && client.configMaps().inNamespace(namespace).list().getItems().stream()
                .allMatch(
                    c ->
                        isOurs(c.getMetadata().getLabels())
                            || c.getMetadata().getName().equals("kube-root-ca.crt"))
            && client.pods().inNamespace(namespace).list().getItems().stream()
                .allMatch(p -> isOurs(p.getMetadata().getLabels()));
    if (ours && onlyOurs) {
      client.namespaces().withName(namespace).delete();
      InstallState.InstalledObject o =
          new InstallState.InstalledObject("v1", "Namespace", null, namespace);
      notes.add(
          "No state Secret in "
              + namespace
              + ", but Airlock made this namespace and it holds only Airlock's objects (an"
              + " installation stopped at its start): removed it");
      return new Result(null, List.of(o), List.of(), notes);
    }
    notes.add(
        "No airlock-state Secret in "
            + namespace
            + ": Airlock has recorded nothing there, so it removes nothing");
    return new Result(null, List.of(), List.of(), notes);
  }

  private static boolean isOurs(java.util.Map<String, String> labels) {
    return labels != null && "airlock".equals(labels.get(Labels.MANAGED_BY));
  }

  private static boolean isToken(io.fabric8.kubernetes.api.model.Secret s) {
    return "kubernetes.io/service-account-token".equals(s.getType());
  }

  private Resource<io.fabric8.kubernetes.api.model.GenericKubernetesResource> resource(
      InstallState.InstalledObject o) {
    var r = connection.client().genericKubernetesResources(o.apiVersion(), o.kind());
    return o.namespace() == null
        ? r.withName(o.name())
        : r.inNamespace(o.namespace()).withName(o.name());
  }

  /** True when it was there; refusals stop the uninstall in the server's words. */
  private boolean delete(InstallState.InstalledObject o) throws AirlockException {
    try {
      var r = resource(o).withPropagationPolicy(DeletionPropagation.FOREGROUND);
      // A bare pod is the seed injector: nothing to finish, and its node may be gone.
      boolean deleted =
          !(o.kind().equals("Pod") ? r.withGracePeriod(0).delete() : r.delete()).isEmpty();
      if (deleted) {
        listener.onEvent(Notice.info("removed " + describe(o)));
      }
      return deleted;
    } catch (KubernetesClientException e) {
      if (KubeErrors.isNotFound(e)) {
        return false;
      }
      throw KubeErrors.translate(e, "delete " + describe(o), connection);
    }
  }

  /** Waits until the removed objects (and what they own, foreground deletion) are gone. */
  private void awaitGone(List<InstallState.InstalledObject> removed, Duration timeout)
      throws InterruptedIOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (InstallState.InstalledObject o : removed) {
      while (resource(o).get() != null) {
        if (System.nanoTime() > deadline) {
          listener.onEvent(
              Notice.warning(describe(o) + " is still being deleted; the cluster finishes it"));
          return;
        }
        try {
          Pause.of(Duration.ofMillis(250));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while waiting for the deletions");
        }
      }
    }
  }

  static String describe(InstallState.InstalledObject o) {
    return o.kind() + " " + (o.namespace() == null ? "" : o.namespace() + "/") + o.name();
  }
}
