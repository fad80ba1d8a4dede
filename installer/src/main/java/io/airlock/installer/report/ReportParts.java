package io.airlock.installer.report;

import io.airlock.core.AirlockException;
import io.airlock.core.bundle.Bundle;
import io.airlock.core.push.PushReport;
import io.airlock.installer.cluster.ClusterFacts;
import java.util.List;

/** Makes the parts of an {@link InstallReport} from what core and installer return. */
public final class ReportParts {

  private ReportParts() {}

  public static InstallReport.BundleInfo bundle(Bundle b) {
    return new InstallReport.BundleInfo(
        b.path().toString(),
        b.format().id(),
        b.name(),
        b.version(),
        b.images().size(),
        b.charts().size(),
        b.sizeBytes());
  }

  public static InstallReport.ClusterInfo cluster(
      ClusterFacts f, String context, String namespace) {
    return new InstallReport.ClusterInfo(
        f.server(),
        context,
        namespace,
        String.valueOf(f.version()),
        f.distroKind().display(),
        f.network().families().display(),
        f.network().kubeProxy().display(),
        f.nodes().size());
  }

  public static InstallReport.PushInfo push(PushReport r) {
    List<InstallReport.Artifact> artifacts =
        r.artifacts().stream()
            .map(
                a ->
                    new InstallReport.Artifact(
                        a.name(),
                        a.kind(),
                        a.targetRef(),
                        a.digest().toString(),
                        a.alreadyPresent()))
            .toList();
    return new InstallReport.PushInfo(
        r.target(),
        r.pushedCount(),
        r.presentCount(),
        r.blobsUploaded(),
        r.blobsMounted(),
        r.sentBytes(),
        r.elapsed().toMillis() / 1000.0,
        artifacts,
        r.verified());
  }

  /** A failure as the command line prints it: the message and what to do. */
  public static InstallReport.Problem problem(Throwable t) {
    if (t instanceof AirlockException a) {
      return new InstallReport.Problem(a.getMessage(), a.hint().orElse(null), null);
    }
    return new InstallReport.Problem(
        "internal error: " + t,
        "This is a bug in Airlock. Run again with AIRLOCK_DEBUG=1 for details and report it.",
        Integer.toHexString(t.getClass().getName().hashCode()));
  }
}
