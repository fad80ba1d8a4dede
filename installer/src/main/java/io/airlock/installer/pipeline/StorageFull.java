package io.airlock.installer.pipeline;

import io.airlock.core.AirlockException;
import io.airlock.core.RemoteFailureException;
import io.airlock.core.Sizes;
import io.airlock.core.distribution.RegistryError;
import io.airlock.core.distribution.RegistryFailure;
import io.airlock.core.push.PushEvent;
import io.airlock.installer.plan.InstallPlan;
import io.airlock.installer.plan.PlannedChange;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A push into the registry in the cluster that its full storage refused (HTTP 507), said in the
 * install's terms: the registry's volume (the node directory, or the claim), the space the registry
 * reported, what the bundle needs, and how to go on. The push engine's words fit a registry the
 * person runs themselves (its address is the tunnel's, meaningless here).
 */
final class StorageFull {

  /** The stable code of this failure, for scripts and the report. */
  static final String CODE = "install.registry-storage-full";

  private static final Pattern SPACE = Pattern.compile("\\(([^()]* free of [^()]*)\\)");
  private static final Pattern PUSHING = Pattern.compile(" while pushing (\\S+?):? ");

  private StorageFull() {}

  /**
   * The install's own failure when {@code e} is the registry's full storage, else empty.
   *
   * @param totals the push's last totals, or null when none came yet
   */
  static Optional<AirlockException> of(
      AirlockException e, InstallRun run, PushEvent.Totals totals) {
    RegistryFailure full = null;
    for (Throwable t = e; t != null && full == null; t = t.getCause()) {
      if (t instanceof RegistryFailure f && f.isStorageFull()) {
        full = f;
      }
    }
    if (full == null) {
      return Optional.empty();
    }
    String ns = run.request().cluster().namespace();
    Volume volume = volume(run.plan(), ns);
    Matcher pushing = PUSHING.matcher(e.getMessage());
    String said = said(full);
    Matcher space = SPACE.matcher(said);
    StringBuilder m = new StringBuilder("The in-cluster registry's storage is full");
    if (pushing.find()) {
      m.append(" (pushing ").append(pushing.group(1)).append(")");
    }
    m.append(": its data is in ").append(volume.where());
    if (space.find()) {
      m.append(", which has ").append(space.group(1));
    } else if (!said.isEmpty()) {
      m.append("; the registry said: ").append(said);
    }
    m.append('.');
    if (totals != null) {
      m.append(" The push needs ")
          .append(Sizes.human(totals.totalBytes()))
          .append(" in all; about ")
          .append(Sizes.human(Math.max(0, totals.totalBytes() - totals.doneBytes())))
          .append(" of it was still to store.");
    }
    return Optional.of(
        new RemoteFailureException(
                m.toString(),
                volume.todo()
                    + ", then run the same command again; it continues where this one stopped"
                    + " (what was pushed is kept).",
                e)
            .coded(CODE));
  }

  /** The registry's own words, without its "storage is full" opening (said here already). */
  private static String said(RegistryFailure f) {
    String s = f.errors().stream().map(RegistryError::message).findFirst().orElse("");
    int colon = s.indexOf("storage is full: ");
    return colon >= 0 ? s.substring(colon + "storage is full: ".length()) : s;
  }

  private record Volume(String where, String todo) {}

  /** The registry's volume as the plan made it: a node directory, or a claim. */
  private static Volume volume(InstallPlan plan, String ns) {
    if (plan != null) {
      for (PlannedChange c : plan.changes()) {
        HasMetadata o = c.object();
        String onNode =
            o.getMetadata().getAnnotations() == null
                ? null
                : o.getMetadata().getAnnotations().get("airlock.io/node-path");
        if ("PersistentVolume".equals(o.getKind()) && onNode != null) {
          int colon = onNode.indexOf(':');
          String node = onNode.substring(0, colon);
          String dir = onNode.substring(colon + 1);
          return new Volume(
              "the directory " + dir + " of node " + node,
              "Free space in " + dir + " on node " + node + ", or mount a larger disk there");
        }
      }
      for (PlannedChange c : plan.changes()) {
        if (c.object() instanceof PersistentVolumeClaim pvc) {
          String name = ns + "/" + pvc.getMetadata().getName();
          Quantity size = pvc.getSpec().getResources().getRequests().get("storage");
          return new Volume(
              "the volume of claim " + name + (size == null ? "" : " (" + size + " asked for)"),
              "Give the claim "
                  + name
                  + " more room (kubectl edit, where its StorageClass allows expansion) or free"
                  + " space on its volume");
        }
      }
    }
    return new Volume(
        "its volume in namespace " + ns, "Free space on the registry's volume or give it more");
  }
}
