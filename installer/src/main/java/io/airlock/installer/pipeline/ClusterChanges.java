package io.airlock.installer.pipeline;

import io.airlock.core.BadInputException;
import io.airlock.core.Phrase;
import io.airlock.core.RemoteFailureException;
import io.airlock.core.Setting;
import io.airlock.installer.apply.ApplyResult;
import io.airlock.installer.apply.PlanApplier;
import io.airlock.installer.cluster.KubeErrors;
import io.airlock.installer.plan.PlanParts;
import io.airlock.installer.plan.PlannedChange;
import io.airlock.installer.report.InstallReport;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Applies a run's planned objects for real (server-side apply, field manager {@code airlock}) and
 * records each in the report. A payload chunk whose bytes the cluster already holds is not sent
 * again, so a second run costs a read per chunk, not the payload. A refusal stops the run in the
 * API server's words.
 */
final class ClusterChanges {

  private ClusterChanges() {}

  /** Applies every change of {@code part}, in plan order. */
  static int apply(InstallRun run, PlanParts.Part part)
      throws BadInputException, RemoteFailureException, InterruptedIOException {
    int sent = 0;
    for (PlannedChange c : run.plan.changes()) {
      if (c.action() != PlannedChange.Action.DELETE && PlanParts.of(c.object()) == part) {
        sent += apply(run, c) ? 1 : 0;
      }
    }
    return sent;
  }

  /**
   * Applies one change.
   *
   * @return false when the cluster already held it unchanged (a payload chunk) and nothing was sent
   */
  static boolean apply(InstallRun run, PlannedChange c)
      throws BadInputException, RemoteFailureException, InterruptedIOException {
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedIOException("cancelled before " + c.describe());
    }
    KubernetesClient client = run.connection().client();
    HasMetadata o = c.object();
    String hash = PlanParts.contentHash(o);
    if (hash != null && !hash.isEmpty()) {
      HasMetadata existing = client.resource(o).get();
      if (existing != null && Objects.equals(hash, PlanParts.contentHash(existing))) {
        record(run, "kept", o);
        return false;
      }
    }
    ApplyResult r = new PlanApplier(client, run.seed).apply(c);
    if (!r.accepted()) {
      throw refused(c, r.detail());
    }
    record(run, c.action() == PlannedChange.Action.CREATE ? "created" : "updated", o);
    return true;
  }

  /** Deletes objects; one already gone is fine. Returns how many were there. */
  static int delete(InstallRun run, List<HasMetadata> objects)
      throws BadInputException, RemoteFailureException {
    KubernetesClient client = run.connection().client();
    int deleted = 0;
    for (HasMetadata o : objects) {
      try {
        // The one bare pod is the seed injector: it serves read-only, nothing to finish, so it is
        // gone at once (a 1.20 kubelet reports a deleted pod's end up to a minute late).
        var r = client.resource(o);
        if (!(o.getKind().equals("Pod") ? r.withGracePeriod(0) : r).delete().isEmpty()) {
          deleted++;
          record(run, "deleted", o);
        }
      } catch (KubernetesClientException e) {
        if (KubeErrors.isNotFound(e)) {
          continue;
        }
        if (KubeErrors.isFatal(e)) {
          throw e;
        }
        throw new RemoteFailureException(
            Phrase.of(
                "The API server refused to delete "
                    + o.getKind()
                    + " "
                    + o.getMetadata().getName()
                    + ": "
                    + KubeErrors.brief(e)
                    + "."),
            Phrase.of(
                "Run with a user allowed to delete it (",
                Setting.CLUSTER_PROBE,
                " lists the permissions Airlock needs), or delete it by hand."),
            e);
      }
    }
    return deleted;
  }

  /** An object deleted by name (as a collection's member), for the report. */
  static void recordDeleted(
      InstallRun run, String apiVersion, String kind, String namespace, String name) {
    run.object(new InstallReport.ClusterObject("deleted", apiVersion, kind, namespace, name));
  }

  private static void record(InstallRun run, String action, HasMetadata o) {
    run.object(
        new InstallReport.ClusterObject(
            action,
            o.getApiVersion(),
            o.getKind(),
            o.getMetadata().getNamespace(),
            o.getMetadata().getName()));
  }

  /** A refusal in the server's words, with what to do for the kind of refusal it is. */
  static RemoteFailureException refused(PlannedChange c, String words) {
    String verb = c.action().name().toLowerCase(Locale.ROOT);
    Phrase hint;
    if (words.contains("HTTP 403")) {
      hint =
          words.contains("admission") || words.contains("webhook") || words.contains("policy")
              ? Phrase.of(
                  "A policy of the cluster refuses it; ask its owner to allow it, or choose another"
                      + " mode (",
                  Setting.CLUSTER_PROBE,
                  " says which fit).")
              : Phrase.of(
                  "Run with a user allowed to " + verb + " it (",
                  Setting.CLUSTER_PROBE,
                  " lists every permission Airlock needs).");
    } else if (words.contains("HTTP 409")) {
      hint = Phrase.of("Something else changed it at the same time; run again.");
    } else {
      hint =
          Phrase.of(
              "Check the object and the cluster's admission policies; ",
              Setting.INSTALL_SERVER_DRY_RUN,
              " shows what the server says of every object.");
    }
    return new RemoteFailureException(
        Phrase.of("The API server refused to " + verb + " " + c.describe() + ": " + words + "."),
        hint);
  }
}
