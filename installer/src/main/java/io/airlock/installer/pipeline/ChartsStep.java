package io.airlock.installer.pipeline;

import com.marcnuri.helm.Release;
import io.airlock.core.AirlockException;
import io.airlock.core.BadInputException;
import io.airlock.core.Phrase;
import io.airlock.core.RemoteFailureException;
import io.airlock.core.oci.TargetNaming;
import io.airlock.core.push.ChartPull;
import io.airlock.core.push.PushOptions;
import io.airlock.installer.charts.ChartEvent;
import io.airlock.installer.charts.ChartSelection;
import io.airlock.installer.charts.HelmReleases;
import io.airlock.installer.charts.ReleaseWatch;
import io.airlock.installer.mirrors.MirrorTarget;
import io.airlock.installer.state.InstallState;
import io.airlock.installer.state.StateStore;
import io.airlock.installer.target.RegistryTarget;
import io.airlock.installer.tunnel.PodTunnel;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Installs or upgrades the chosen charts as Helm releases ({@code helm upgrade --install --wait})
 * once the registry holds every image: the chart Helm gets is the one read back from the registry
 * (what {@code helm pull oci://...} would get, by Airlock's client so that no registry password
 * reaches Helm's configuration on disk), checked against the bundle's digest. Images need no
 * values: the nodes' mirrors resolve the charts' upstream names. Each release is recorded in the
 * state Secret before Helm starts (so an uninstall finds a half-made one) and again with Helm's
 * verdict; the release's pods are reported as they progress, and a failure shows the events and
 * last log lines of the pods that were not ready.
 */
final class ChartsStep implements InstallStep {

  @Override
  public String id() {
    return "charts";
  }

  @Override
  public String title() {
    return "Install the charts as Helm releases";
  }

  @Override
  public Result run(InstallRun run) throws AirlockException, InterruptedIOException {
    InstallRequest.Charts charts = run.request().charts();
    List<ChartSelection.Selected> selected =
        ChartSelection.select(run.bundle(), charts.chosen(), charts.defaults());
    if (selected.isEmpty()) {
      return Result.skipped("the bundle marks no chart to install by default");
    }
    MirrorTarget registry = run.plan().target();
    HelmReleases helm =
        HelmReleases.of(run.request().cluster().kubeconfig(), run.request().cluster().context());
    FlatNames.check(run, registry, helm, selected);
    Map<ChartSelection.Selected, Path> archives = pull(run, selected);
    List<String> done = new ArrayList<>();
    for (ChartSelection.Selected s : selected) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedIOException("cancelled before the release " + s.choice().release());
      }
      done.add(install(run, helm, registry, s, archives.get(s)));
    }
    return Result.done(String.join("; ", done));
  }

  /**
   * Every chosen chart read back from the registry the push filled (through a tunnel when it runs
   * in the cluster), as the archives Helm installs.
   */
  private static Map<ChartSelection.Selected, Path> pull(
      InstallRun run, List<ChartSelection.Selected> selected)
      throws AirlockException, InterruptedIOException {
    if (run.request().destination() instanceof InstallRequest.Destination.InCluster) {
      try (PodTunnel tunnel = ClusterRegistry.tunnel(run)) {
        return pull(run, ClusterRegistry.target(run, tunnel), selected);
      }
    }
    RegistryTarget target = run.pushTarget;
    if (target == null) {
      throw new IllegalStateException("no registry to read the charts from: push sets it");
    }
    return pull(run, target, selected);
  }

  private static Map<ChartSelection.Selected, Path> pull(
      InstallRun run, RegistryTarget target, List<ChartSelection.Selected> selected)
      throws AirlockException, InterruptedIOException {
    PushOptions options = target.pushOptions(run.workDir().resolve("push-state"));
    Map<ChartSelection.Selected, Path> archives = new LinkedHashMap<>();
    for (ChartSelection.Selected s : selected) {
      archives.put(s, ChartPull.fetch(options, s.chart(), run.workDir()));
    }
    run.note(
        "read "
            + archives.size()
            + " chart(s) back from the registry, each matching the bundle's digest");
    return archives;
  }

  private static String install(
      InstallRun run,
      HelmReleases helm,
      MirrorTarget registry,
      ChartSelection.Selected s,
      Path archive)
      throws AirlockException, InterruptedIOException {
    var c = s.choice();
    InstallRequest.Charts charts = run.request().charts();
    String ref =
        "oci://"
            + registry.registry()
            + "/"
            + new TargetNaming(registry.prefix(), registry.flatten()).chartRepository(c.chart());
    List<Path> values = values(run, c);
    boolean upgrade = helm.status(c.release(), c.namespace()).isPresent();
    record(run, c.release(), c.namespace(), ref, s.chart().version(), null, "installing", false);
    run.listener()
        .onEvent(
            new ChartEvent.ReleaseStarted(
                c.release(), c.namespace(), c.chart(), s.chart().version(), upgrade));
    run.note(
        (upgrade ? "upgrading " : "installing ")
            + c.namespace()
            + "/"
            + c.release()
            + " to "
            + ref
            + ":"
            + s.chart().version()
            + "; waiting for its workloads");
    Release r;
    try (ReleaseWatch watch =
        ReleaseWatch.start(run.connection().client(), c.release(), c.namespace(), run.listener())) {
      try {
        r = helm.installOrUpgrade(c, archive, values, charts.atomic(), charts.timeout(), upgrade);
      } catch (AirlockException e) {
        List<String> why = watch.diagnosis();
        why.forEach(run::note);
        // After a rollback the release is the revision before, with that revision's chart.
        java.util.Optional<Release> now = helm.status(c.release(), c.namespace());
        String status = now.map(Release::getStatus).orElse("uninstalled");
        record(
            run,
            c.release(),
            c.namespace(),
            ref,
            now.map(x -> versionOf(x, c.chart())).orElse(s.chart().version()),
            now.map(Release::getRevision).orElse(null),
            status,
            false);
        throw withDiagnosis(e, why, charts.atomic(), status);
      }
    }
    record(
        run,
        c.release(),
        c.namespace(),
        ref,
        s.chart().version(),
        r.getRevision(),
        r.getStatus(),
        true);
    run.listener()
        .onEvent(
            new ChartEvent.ReleaseDone(c.release(), c.namespace(), r.getStatus(), r.getRevision()));
    return c.namespace()
        + "/"
        + c.release()
        + " "
        + s.chart().version()
        + " revision "
        + r.getRevision()
        + " "
        + r.getStatus();
  }

  /** The values files in Helm's order: the bundle's first, then the person's. */
  static List<Path> values(InstallRun run, io.airlock.installer.charts.ChartChoice c)
      throws BadInputException {
    List<Path> values = new ArrayList<>();
    if (c.bundleValues() != null) {
      values.add(bundleValues(run, c.release(), c.bundleValues()));
    }
    for (Path p : c.valuesFiles()) {
      if (!Files.isRegularFile(p)) {
        throw new BadInputException(
            Phrase.of("The values file " + p + " does not exist."),
            Phrase.of("Check the path (", io.airlock.core.Setting.CHART_VALUES, ")."));
      }
      values.add(p);
    }
    return values;
  }

  /** The values airlock-bundle.yaml gives, as the file Helm reads first. */
  private static Path bundleValues(InstallRun run, String release, String yaml)
      throws BadInputException {
    Path file = run.workDir().resolve("charts").resolve("bundle-values-" + release + ".yaml");
    try {
      Files.createDirectories(file.getParent());
      io.airlock.core.AtomicFiles.write(file, yaml.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new BadInputException(
          Phrase.of("Cannot write " + file + ": " + e.getMessage() + "."),
          Phrase.of("Choose a writable directory as ", io.airlock.core.Setting.WORK_DIR, "."),
          e);
    }
    return file;
  }

  /** The chart version of a release as Helm reports it ({@code NAME-VERSION}). */
  private static String versionOf(Release r, String chart) {
    String c = r.getChart();
    return c != null && c.startsWith(chart + "-") ? c.substring(chart.length() + 1) : c;
  }

  /**
   * Records the release in the state Secret, replacing an earlier record of it; one this run made
   * is also listed in the run's outcome and report.
   */
  private static void record(
      InstallRun run,
      String release,
      String namespace,
      String chart,
      String version,
      String revision,
      String status,
      boolean madeByThisRun)
      throws AirlockException, InterruptedIOException {
    String ns = run.request().cluster().namespace();
    InstallState state =
        StateStore.read(run.connection().client(), ns)
            .orElseThrow(
                () ->
                    new RemoteFailureException(
                        Phrase.of("The state Secret " + ns + "/" + StateStore.NAME + " is gone."),
                        Phrase.of("Run ", io.airlock.core.Setting.INSTALL, " again.")));
    List<InstallState.InstalledRelease> releases = new ArrayList<>(state.releases());
    releases.removeIf(x -> x.name().equals(release) && x.namespace().equals(namespace));
    InstallState.InstalledRelease r =
        new InstallState.InstalledRelease(
            release, namespace, chart, version, revision, status, Instant.now().toString());
    releases.add(r);
    StateRecord.save(run, state.withReleases(releases));
    if (madeByThisRun) {
      run.release(r);
    }
  }

  private static AirlockException withDiagnosis(
      AirlockException e, List<String> why, boolean atomic, String status) {
    Phrase message =
        e.messagePhrase()
            .then(
                atomic
                    ? " Rolled back as asked: the release is now " + status + "."
                    : " The release is left as Helm made it: " + status + ".");
    if (!why.isEmpty()) {
      message = message.then(" The pods said: " + String.join(" | ", why));
    }
    Phrase hint = e.hintPhrase().orElse(Phrase.of("Fix the cause and run again."));
    return e instanceof BadInputException
        ? new BadInputException(message, hint, e)
        : new RemoteFailureException(message, hint, e);
  }
}
