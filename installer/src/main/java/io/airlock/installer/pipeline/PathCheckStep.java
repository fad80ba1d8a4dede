package io.airlock.installer.pipeline;

import io.airlock.core.AirlockException;
import io.airlock.core.Phrase;
import io.airlock.core.RemoteFailureException;
import io.airlock.core.Setting;
import io.airlock.installer.mode.RegistryMode;
import io.airlock.installer.plan.PlanParts;
import io.airlock.installer.plan.PlannedChange;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Checks the path the nodes pull through, then (a mode switch) removes what only the old mode used:
 * the new path serves before the old one goes. The check asks {@code /v2/} through every node proxy
 * (proxy modes: the proxy's client certificate, the registry's mutual TLS and its answer) or of the
 * registry's read-only endpoint (nodeport), each through a port-forward of the API server, so it
 * needs no route to the nodes. The registry's data volume is never among the removed.
 */
final class PathCheckStep implements InstallStep {

  private static final Duration WAIT = Duration.ofSeconds(60);

  /** Kinds in the order they go: workloads before what they mount or run as. */
  private static final List<String> ORDER =
      List.of(
          "DaemonSet",
          "Deployment",
          "Pod",
          "Service",
          "ConfigMap",
          "RoleBinding",
          "Role",
          "Secret",
          "ServiceAccount");

  @Override
  public String id() {
    return "check";
  }

  @Override
  public String title() {
    return "Check the nodes' pull path";
  }

  @Override
  public Result run(InstallRun run) throws AirlockException, InterruptedIOException {
    KubernetesClient client = run.connection().client();
    String ns = run.request().cluster().namespace();
    boolean proxy = run.plan.mode().mode().usesProxy();
    List<Pod> pods =
        client
            .pods()
            .inNamespace(ns)
            .withLabels(proxy ? PlanParts.proxyPods() : PlanParts.registryPods())
            .list()
            .getItems()
            .stream()
            .filter(p -> p.getMetadata().getDeletionTimestamp() == null && Readiness.ready(p))
            .toList();
    if (pods.isEmpty()) {
      throw failed(ns, "no Ready " + (proxy ? "node proxy" : "registry") + " pod");
    }
    int port = proxy ? PlanParts.PROXY_PORT : PlanParts.servePort(false);
    boolean hostNetwork = run.plan.mode().mode() == RegistryMode.HOSTNETWORK;
    if (!hostNetwork) {
      for (Pod p : pods) {
        check(run, client, ns, p, port);
      }
    }
    // On the host network the proxy listens on [::1] only, where a port-forward may not reach
    // (the runtime dials localhost, which need not resolve to [::1]); the kubelet's readiness probe
    // asks the same /v2/ there, so Ready proxies are the check.
    String checked =
        proxy
            ? pods.size()
                + " node proxy(ies) answer /v2/ through mutual TLS to the registry"
                + (hostNetwork ? " (their readiness probe on [::1]:" + port + ")" : "")
            : "the registry's read-only endpoint answers /v2/";
    List<HasMetadata> old = oldModeObjects(run);
    if (old.isEmpty()) {
      return Result.done(checked);
    }
    int removed = ClusterChanges.delete(run, old);
    run.oldModeRemoved = true;
    return Result.done(
        checked
            + "; then "
            + removed
            + " object(s) of mode "
            + run.plan.mode().switchedFrom().id()
            + " removed (the registry's data kept)");
  }

  /** What the plan deletes: objects of the old mode, workloads first. */
  static List<HasMetadata> oldModeObjects(InstallRun run) {
    List<HasMetadata> out = new ArrayList<>();
    for (PlannedChange c : run.plan.changes()) {
      if (c.action() == PlannedChange.Action.DELETE
          && !c.object().getKind().equals("PersistentVolumeClaim")
          && !c.object().getKind().equals("PersistentVolume")) {
        out.add(c.object());
      }
    }
    out.sort(Comparator.comparingInt(o -> rank(o.getKind())));
    return out;
  }

  private static int rank(String kind) {
    int i = ORDER.indexOf(kind);
    return i < 0 ? ORDER.size() : i;
  }

  /** GET /v2/ through a port-forward to the pod, retried while the pod settles. */
  private static void check(InstallRun run, KubernetesClient client, String ns, Pod p, int port)
      throws RemoteFailureException, InterruptedIOException {
    String name = p.getMetadata().getName();
    long deadline = System.nanoTime() + WAIT.toNanos();
    String last;
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    while (true) {
      try (LocalPortForward f = client.pods().inNamespace(ns).withName(name).portForward(port)) {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + f.getLocalPort() + "/v2/"))
                    .timeout(Duration.ofSeconds(20))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
        last = "HTTP " + r.statusCode();
      } catch (IOException e) {
        last = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("cancelled while checking pod " + name);
      }
      if (System.nanoTime() > deadline) {
        throw failed(
            ns,
            "pod "
                + name
                + " on node "
                + p.getSpec().getNodeName()
                + " does not answer /v2/ on port "
                + port
                + " ("
                + last
                + "); its log: "
                + Readiness.diagnostics(run, ns, name, null));
      }
      run.note("pod " + name + " does not answer /v2/ yet (" + last + "): asking again");
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("cancelled while checking pod " + name);
      }
    }
  }

  private static RemoteFailureException failed(String ns, String what) {
    return new RemoteFailureException(
        Phrase.of("The nodes' pull path in " + ns + " does not serve: " + what + "."),
        Phrase.of(
            "Nothing of an earlier mode was removed. Check the pods' logs, then run ",
            Setting.INSTALL,
            " again."));
  }
}
