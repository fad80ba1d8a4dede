package io.airlock.installer.pipeline;

import io.airlock.core.AirlockException;
import io.airlock.core.BadInputException;
import io.airlock.core.Phrase;
import io.airlock.core.Setting;
import io.airlock.core.progress.Notice;
import io.airlock.core.progress.ProgressListener;
import io.airlock.installer.apply.ApplyResult;
import io.airlock.installer.apply.PlanApplier;
import io.airlock.installer.cluster.ClusterFacts;
import io.airlock.installer.cluster.ClusterProbe;
import io.airlock.installer.cluster.KubeConnection;
import io.airlock.installer.cluster.KubeErrors;
import io.airlock.installer.mirrors.MirrorTarget;
import io.airlock.installer.mode.ModeAdvisor;
import io.airlock.installer.mode.ModeChoice;
import io.airlock.installer.mode.RegistryMode;
import io.airlock.installer.pki.KeyAlgorithm;
import io.airlock.installer.pki.PkiManager;
import io.airlock.installer.pki.PkiOptions;
import io.airlock.installer.pki.RegistryPki;
import io.airlock.installer.pki.SubjectNames;
import io.airlock.installer.pki.UserCertificate;
import io.airlock.installer.plan.BundleSummary;
import io.airlock.installer.plan.InstallPlan;
import io.airlock.installer.plan.InstallPlanner;
import io.airlock.installer.plan.LiveObjects;
import io.airlock.installer.plan.PlanInput;
import io.airlock.installer.plan.SeedInput;
import io.airlock.installer.plan.TlsSecrets;
import io.airlock.installer.target.RegistryTarget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Learns the cluster and plans the installation, changing nothing: the probe (reads, access
 * reviews, server-side dry-runs), the mode (asked, kept from the state Secret, or recommended), the
 * certificates (kept while good) and every object in apply order. {@code airlock install --dry-run}
 * stops here; an installation goes on only when the plan lists no problem.
 */
public final class Preflight {

  private Preflight() {}

  /** The plan and what it was made from. */
  public record Planned(
      ClusterFacts facts, InstallPlan plan, SeedInput seed, List<String> warnings) {
    public Planned {
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * What a dry-run found: the plan, and with a server dry-run the API server's verdict on every
   * object it would create or update (empty otherwise).
   */
  public record DryRun(Planned planned, List<ApplyResult> serverDryRun, List<String> warnings) {
    public DryRun {
      serverDryRun = List.copyOf(serverDryRun);
      warnings = List.copyOf(warnings);
    }

    public List<ApplyResult> refused() {
      return serverDryRun.stream().filter(r -> !r.accepted()).toList();
    }
  }

  /**
   * Plans without changing anything ({@code airlock install --dry-run}); with {@code serverDryRun}
   * every object also goes to the API server with {@code dryRun=All}.
   */
  public static DryRun dryRun(InstallRequest request, boolean serverDryRun, ProgressListener l)
      throws AirlockException, InterruptedIOException {
    InstallRun run = new InstallRun(request, l);
    try {
      Planned planned = plan(run);
      List<String> warnings = new ArrayList<>(planned.warnings());
      List<ApplyResult> verdicts = List.of();
      if (serverDryRun) {
        KubeConnection c = run.connection();
        try {
          verdicts = new PlanApplier(c.client(), planned.seed()).dryRun(planned.plan());
        } catch (KubernetesClientException e) {
          throw KubeErrors.translate(e, "dry-run the planned objects", c);
        }
        for (ApplyResult r : verdicts) {
          if (!r.droppedFields().isEmpty()) {
            warnings.add(
                "Kubernetes "
                    + planned.facts().version()
                    + " dropped "
                    + String.join(", ", r.droppedFields())
                    + " of "
                    + r.change().describe()
                    + " without a word: unknown to this version or behind a feature gate that"
                    + " is off");
          }
        }
      }
      return new DryRun(planned, verdicts, warnings);
    } finally {
      run.closeConnection();
    }
  }

  /** Probes and plans for the run's cluster request; the connection is the run's. */
  public static Planned plan(InstallRun run) throws AirlockException, InterruptedIOException {
    ClusterRequest c = run.request().cluster();
    KubeConnection connection = run.connection();
    RegistryTarget external =
        run.request().destination() instanceof InstallRequest.Destination.External e
            ? e.target()
            : null;
    BundleSummary summary = BundleSummary.of(run.bundle());
    MirrorTarget externalMirror =
        external == null ? null : external.mirrorTarget(summary.upstreams());
    ClusterFacts facts = new ClusterProbe(connection).probe(c.namespace());
    List<String> warnings = new ArrayList<>(facts.warnings());
    ModeChoice choice =
        ModeChoice.resolve(
            c.mode(),
            external == null ? null : external.registry(),
            facts.installed(),
            ModeAdvisor.recommend(facts));
    PkiManager.Outcome pki = null;
    SeedInput seed = null;
    if (choice.mode() != RegistryMode.EXTERNAL) {
      pki = pki(connection, facts, c, warnings);
      seed =
          SeedSource.of(
              c,
              run.workDir(),
              facts.nodes().stream()
                  .map(io.airlock.installer.cluster.NodeFacts::architecture)
                  .filter(a -> a != null && !a.isBlank())
                  .collect(java.util.stream.Collectors.toSet()));
    }
    InstallPlan plan =
        InstallPlanner.plan(
            new PlanInput(
                c.namespace(),
                choice,
                facts,
                summary,
                c.registry(),
                c.allowPrivilegedNamespace(),
                externalMirror,
                pki,
                seed,
                new LiveObjects(connection.client(), warnings),
                io.airlock.installer.AirlockVersion.version(),
                Instant.now()));
    return new Planned(facts, plan, seed, warnings);
  }

  /** The certificates of this run: those in the cluster while good, else new ones. */
  private static PkiManager.Outcome pki(
      KubeConnection c, ClusterFacts facts, ClusterRequest request, List<String> warnings)
      throws BadInputException {
    KeyAlgorithm algorithm;
    try {
      algorithm = KeyAlgorithm.parse(request.keyAlgorithm());
    } catch (IllegalArgumentException e) {
      throw new BadInputException(
          Phrase.of("Invalid value of ", Setting.KEY_ALGORITHM, ": " + e.getMessage() + "."), null);
    }
    String ns = request.namespace();
    SubjectNames names = SubjectNames.forService("airlock-registry", ns, request.extraNames());
    PkiOptions options = PkiOptions.defaults(names).withAlgorithm(algorithm);
    if (request.tls() != null) {
      options =
          options.withUserServer(
              UserCertificate.load(
                  request.tls().cert(),
                  request.tls().key(),
                  request.tls().ca(),
                  "airlock-registry." + ns + ".svc",
                  Instant.now()));
    }
    boolean userSupplied =
        facts.installed() != null
            && facts.installed().pki() != null
            && facts.installed().pki().serverUserSupplied();
    Optional<RegistryPki> existing = Optional.empty();
    try {
      KubernetesClient k = c.client();
      existing =
          TlsSecrets.read(
              k.secrets().inNamespace(ns).withName(TlsSecrets.CA).get(),
              k.secrets().inNamespace(ns).withName(TlsSecrets.REGISTRY).get(),
              k.secrets().inNamespace(ns).withName(TlsSecrets.PROXY).get(),
              userSupplied);
    } catch (KubernetesClientException e) {
      if (KubeErrors.isFatal(e)) {
        throw e;
      }
      warnings.add(
          "cannot read the TLS Secrets in "
              + ns
              + " ("
              + KubeErrors.brief(e)
              + "): planning new certificates");
    }
    return new PkiManager(Clock.systemUTC()).ensure(existing, options);
  }

  /** Passes the planning warnings to the run's listener. */
  static void warn(InstallRun run, List<String> warnings) {
    warnings.forEach(w -> run.listener().onEvent(Notice.warning(w)));
  }
}
