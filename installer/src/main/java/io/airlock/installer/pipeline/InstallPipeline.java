package io.airlock.installer.pipeline;

import io.airlock.core.AirlockException;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.registry.LocalRegistry;
import io.airlock.installer.cluster.KubeErrors;
import io.airlock.installer.report.InstallReport;
import io.airlock.installer.report.ReportWriter;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.ArrayList;
import java.util.List;

/**
 * An installation as a list of named steps (jib's step list; Cryptomator's Tasks), the same for
 * {@code airlock install}, the wizard's Install page and {@code airlock demo}: only the list
 * differs by destination. Steps run in order on the calling thread; each is timed and reported as
 * {@link InstallEvent}s. A failure or a cancellation (the thread's interrupt) stops the run, and
 * the report is still written, saying which step stopped and why; running again continues, since
 * every step does only what is missing.
 */
public final class InstallPipeline {

  private final InstallRequest request;
  private final List<InstallStep> steps;
  private InstallRun run;

  private InstallPipeline(InstallRequest request, List<InstallStep> steps) {
    this.request = request;
    this.steps = List.copyOf(steps);
  }

  /** The steps a request needs, by where the images go. */
  public static InstallPipeline of(InstallRequest request) {
    List<InstallStep> s = new ArrayList<>();
    boolean inCluster = request.destination() instanceof InstallRequest.Destination.InCluster;
    if (inCluster && request.cluster() == null) {
      throw new IllegalArgumentException("a registry in the cluster needs the cluster");
    }
    s.add(new VerifyStep());
    if (request.cluster() != null) {
      s.add(new PreflightStep());
      s.add(new PrepareStep());
    }
    if (request.destination() instanceof InstallRequest.Destination.Embedded) {
      s.add(new EmbeddedRegistryStep());
    }
    if (inCluster) {
      s.add(new SeedStep());
      s.add(new RegistryStep());
    }
    s.add(new PushStep());
    if (inCluster) {
      s.add(new RemoveInjectorStep());
    }
    s.add(new MirrorsStep());
    if (request.cluster() != null && request.cluster().nodes() != null) {
      s.add(new NodesStep());
    }
    // After the nodes' files: on a mode switch the check removes the old path they pointed at.
    if (inCluster) {
      s.add(new PathCheckStep());
    }
    if (request.cluster() != null) {
      s.add(new StateStep());
      if (request.charts().any()) {
        s.add(new ChartsStep());
      }
    }
    if (request.reportDir() != null) {
      s.add(new ReportStep());
    }
    return new InstallPipeline(request, s);
  }

  /** The steps, in order, as front ends list them before the run. */
  public List<InstallEvent.StepInfo> steps() {
    return steps.stream().map(s -> new InstallEvent.StepInfo(s.id(), s.title())).toList();
  }

  /**
   * Runs every step.
   *
   * @throws InterruptedIOException when cancelled; the report says where it stopped
   */
  public InstallOutcome run(ProgressListener listener)
      throws AirlockException, InterruptedIOException {
    run = new InstallRun(request, listener);
    listener.onEvent(new InstallEvent.Planned(steps()));
    try {
      for (InstallStep step : steps) {
        runStep(step);
      }
      return new InstallOutcome(
          run.report, run.written, run.pushed, run.mirrorsDir, run.releases());
    } catch (AirlockException | InterruptedIOException | RuntimeException | Error e) {
      writeFailureReport(e);
      throw e;
    } finally {
      run.closeConnection();
    }
  }

  /**
   * The embedded registry this run started or was given, if any: it keeps serving after the run,
   * and after a failure too; the caller closes it.
   */
  public LocalRegistry embeddedRegistry() {
    return run == null ? null : run.embedded;
  }

  /** What the run has found and made so far (after {@link #run}, whether it failed or not). */
  public InstallRun state() {
    return run;
  }

  private void runStep(InstallStep step) throws AirlockException, InterruptedIOException {
    ProgressListener listener = run.listener();
    run.current(step.id());
    listener.onEvent(new InstallEvent.StepStarted(step.id(), step.title()));
    long t0 = System.nanoTime();
    InstallStep.Result result;
    try {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedIOException("cancelled before " + step.id());
      }
      try {
        result = step.run(run);
      } catch (KubernetesClientException e) {
        if (KubeErrors.isInterrupt(e)) {
          throw new InterruptedIOException("cancelled during " + step.id());
        }
        throw KubeErrors.translate(
            e, step.title().toLowerCase(java.util.Locale.ROOT), run.connection());
      }
    } catch (AirlockException | InterruptedIOException | RuntimeException | Error e) {
      StepStatus status = cancelled(e) ? StepStatus.CANCELLED : StepStatus.FAILED;
      finish(step, status, status == StepStatus.CANCELLED ? "cancelled" : message(e), t0);
      throw e;
    }
    finish(step, result.status(), result.detail(), t0);
  }

  private void finish(InstallStep step, StepStatus status, String detail, long t0) {
    long millis = (System.nanoTime() - t0) / 1_000_000;
    run.record(new InstallReport.Step(step.id(), status.id(), detail, millis / 1000.0));
    run.listener()
        .onEvent(new InstallEvent.StepFinished(step.id(), step.title(), status, detail, millis));
  }

  /** The report of a run that stopped: written even when the stop was an interrupt. */
  private void writeFailureReport(Throwable failure) {
    if (request.reportDir() == null || run.written != null) {
      return;
    }
    boolean interrupted = Thread.interrupted();
    try {
      InstallReport report =
          ReportAssembly.of(run, cancelled(failure) ? "cancelled" : "failed", failure);
      run.written = ReportWriter.write(report, request.reportDir());
      run.report = report;
    } catch (AirlockException | RuntimeException ignored) {
      // the failure itself is what the person needs to see
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static boolean cancelled(Throwable e) {
    return e instanceof InterruptedIOException
        || e instanceof ClosedByInterruptException
        || e.getCause() instanceof InterruptedException
        || Thread.currentThread().isInterrupted();
  }

  private static String message(Throwable e) {
    return e instanceof AirlockException a ? a.getMessage() : "internal error: " + e;
  }
}
