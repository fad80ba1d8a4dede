package io.airlock.installer.pipeline;

import io.airlock.core.BadInputException;
import io.airlock.core.bundle.Bundle;
import io.airlock.core.bundle.BundleOpener;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.push.PushReport;
import io.airlock.core.registry.LocalRegistry;
import io.airlock.core.verify.VerificationReport;
import io.airlock.installer.cluster.ClusterFacts;
import io.airlock.installer.cluster.KubeConnection;
import io.airlock.installer.mirrors.MirrorTarget;
import io.airlock.installer.plan.InstallPlan;
import io.airlock.installer.plan.SeedInput;
import io.airlock.installer.report.InstallReport;
import io.airlock.installer.target.RegistryTarget;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * One execution of the pipeline: the request, the listener, and what each step found or made for
 * the steps after it (the opened bundle, the verification, the cluster's facts and plan, where the
 * push goes, what it pushed). Lives on the thread that runs the pipeline.
 */
public final class InstallRun {

  private final InstallRequest request;
  private final ProgressListener listener;
  private final Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private final List<InstallReport.Step> steps = new ArrayList<>();
  private final List<InstallReport.Output> outputs = new ArrayList<>();
  private final List<InstallReport.ClusterObject> objects = new ArrayList<>();
  private final List<String> nextSteps = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final List<io.airlock.installer.state.InstallState.InstalledRelease> releases =
      new ArrayList<>();
  private String current;

  Bundle bundle;
  VerificationReport verification;
  String unverifiedConfirmation;
  LocalRegistry embedded;
  KubeConnection connection;
  ClusterFacts facts;
  InstallPlan plan;
  SeedInput seed;
  RegistryTarget pushTarget;
  PushReport pushed;
  MirrorTarget mirrorTarget;
  Path mirrorsDir;
  List<InstallReport.MirrorFormatFiles> mirrorFiles = List.of();
  List<io.airlock.installer.state.InstallState.NodeConfig> nodeConfigs;
  InstallReport report;
  boolean stateSaved;
  boolean oldModeRemoved;
  io.airlock.installer.report.ReportWriter.Written written;

  InstallRun(InstallRequest request, ProgressListener listener) {
    this.request = request;
    this.listener = listener;
    this.bundle = request.bundle();
  }

  public InstallRequest request() {
    return request;
  }

  public ProgressListener listener() {
    return listener;
  }

  /** Tells the listener what the current step waits for or found. */
  public void note(String message) {
    listener.onEvent(new InstallEvent.StepNote(current, message));
  }

  /** When the run started (whole seconds): the report's time and its file names. */
  public Instant started() {
    return started;
  }

  /** The bundle, opened on first use (compressed bundles are unpacked into the work dir once). */
  public Bundle bundle() throws BadInputException, InterruptedIOException {
    if (bundle == null) {
      bundle = new BundleOpener(request.workDir(), listener).open(request.bundlePath());
    }
    return bundle;
  }

  /** The cluster connection, opened on first use and closed when the run ends. */
  public KubeConnection connection() throws BadInputException {
    if (connection == null) {
      ClusterRequest c = request.cluster();
      if (c == null) {
        throw new IllegalStateException("this run has no cluster");
      }
      connection = KubeConnection.open(c.kubeconfig(), c.context(), Instant.now());
    }
    return connection;
  }

  public Path workDir() {
    return request.workDir();
  }

  void current(String step) {
    current = step;
  }

  String current() {
    return current;
  }

  void record(InstallReport.Step step) {
    steps.add(step);
  }

  public List<InstallReport.Step> steps() {
    return List.copyOf(steps);
  }

  public void output(String what, Path path) {
    outputs.add(new InstallReport.Output(what, path.toString()));
  }

  public List<InstallReport.Output> outputs() {
    return List.copyOf(outputs);
  }

  /** An object the run created, changed or deleted in the cluster. */
  public void object(InstallReport.ClusterObject o) {
    objects.add(o);
  }

  public List<InstallReport.ClusterObject> objects() {
    return List.copyOf(objects);
  }

  public void nextStep(String step) {
    nextSteps.add(step);
  }

  public List<String> nextSteps() {
    return List.copyOf(nextSteps);
  }

  /** Something the report should say that is neither a step nor a problem. */
  public void reportNote(String note) {
    notes.add(note);
  }

  public List<String> reportNotes() {
    return List.copyOf(notes);
  }

  /** A Helm release this run installed or upgraded. */
  void release(io.airlock.installer.state.InstallState.InstalledRelease r) {
    releases.add(r);
  }

  /** The Helm releases this run installed or upgraded, in order. */
  public List<io.airlock.installer.state.InstallState.InstalledRelease> releases() {
    return List.copyOf(releases);
  }

  public VerificationReport verification() {
    return verification;
  }

  public String unverifiedConfirmation() {
    return unverifiedConfirmation;
  }

  public LocalRegistry embedded() {
    return embedded;
  }

  public ClusterFacts facts() {
    return facts;
  }

  public InstallPlan plan() {
    return plan;
  }

  public PushReport pushed() {
    return pushed;
  }

  public MirrorTarget mirrorTarget() {
    return mirrorTarget;
  }

  public Path mirrorsDir() {
    return mirrorsDir;
  }

  public List<InstallReport.MirrorFormatFiles> mirrorFiles() {
    return mirrorFiles;
  }

  public RegistryTarget pushTarget() {
    return pushTarget;
  }

  void closeConnection() {
    if (connection != null) {
      connection.close();
      connection = null;
    }
  }
}
