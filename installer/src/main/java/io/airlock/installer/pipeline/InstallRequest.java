package io.airlock.installer.pipeline;

import io.airlock.core.bundle.Bundle;
import io.airlock.core.registry.LocalRegistry;
import io.airlock.core.verify.VerificationReport;
import io.airlock.core.verify.VerificationRequest;
import io.airlock.installer.target.RegistryTarget;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything one installation is asked to do, as the command line or the wizard chose it.
 *
 * @param bundle the bundle already opened (the wizard's), or null to open {@code bundlePath}
 * @param cluster the cluster and its options, or null when no cluster is involved
 * @param reportDir where the JSON and Markdown report go, or null for none
 * @param charts the charts to install as Helm releases after the push, or {@link Charts#NONE}
 */
public record InstallRequest(
    Path bundlePath,
    Bundle bundle,
    Trust trust,
    Destination destination,
    ClusterRequest cluster,
    Path workDir,
    Path reportDir,
    PushTuning push,
    Charts charts) {

  public InstallRequest {
    charts = charts == null ? Charts.NONE : charts;
  }

  /** The same request with these charts. */
  public InstallRequest withCharts(Charts c) {
    return new InstallRequest(
        bundlePath, bundle, trust, destination, cluster, workDir, reportDir, push, c);
  }

  /**
   * Which charts become Helm releases, and how Helm runs.
   *
   * @param defaults also the charts the bundle marks to install by default
   * @param atomic roll a failed release back (Helm's {@code --atomic})
   * @param timeout how long Helm waits for a release's workloads to be ready
   */
  public record Charts(
      List<io.airlock.installer.charts.ChartChoice> chosen,
      boolean defaults,
      boolean atomic,
      java.time.Duration timeout) {

    public static final java.time.Duration DEFAULT_TIMEOUT = java.time.Duration.ofMinutes(5);
    public static final Charts NONE = new Charts(List.of(), false, false, DEFAULT_TIMEOUT);

    public Charts {
      chosen = List.copyOf(chosen);
    }

    public boolean any() {
      return defaults || !chosen.isEmpty();
    }
  }

  /** How the bundle comes to be trusted. */
  public sealed interface Trust {

    /** Verify it now (signature, checksums, contents). */
    record Check(VerificationRequest request) implements Trust {}

    /** Verified earlier in this session (the wizard's Verify step). */
    record Verified(VerificationReport report) implements Trust {}

    /**
     * Not verified, by the person's explicit choice, recorded in the report.
     *
     * @param confirmation the words they confirmed, or the flag they gave, and when
     */
    record Unverified(String confirmation) implements Trust {}
  }

  /** Where the images go. */
  public sealed interface Destination {

    /**
     * Airlock's registry on this machine's loopback (the wizard's "embedded", {@code airlock
     * demo}).
     *
     * @param running one that already runs (kept by the wizard across runs), or null to start one
     */
    record Embedded(Path storage, List<InetSocketAddress> listen, LocalRegistry running)
        implements Destination {
      public Embedded {
        listen = List.copyOf(listen);
      }
    }

    /** The person's own registry. */
    record External(RegistryTarget target) implements Destination {}

    /** A registry Airlock runs inside the cluster (the request's {@link ClusterRequest}). */
    record InCluster() implements Destination {}
  }

  /**
   * How the push runs.
   *
   * @param readBack read every manifest back afterwards and compare its digest
   */
  public record PushTuning(int concurrency, int retries, boolean readBack) {
    public static PushTuning defaults() {
      return new PushTuning(6, 3, true);
    }
  }

  public boolean embedded() {
    return destination instanceof Destination.Embedded;
  }
}
