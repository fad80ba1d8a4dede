package io.airlock.installer.pipeline;

import io.airlock.core.AirlockException;
import io.airlock.core.Phrase;
import io.airlock.core.distribution.RetryPolicy;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.push.PushEngine;
import io.airlock.core.push.PushEvent;
import io.airlock.core.push.PushOptions;
import io.airlock.core.push.PushReport;
import io.airlock.installer.target.RegistryTarget;
import io.airlock.installer.tunnel.PodTunnel;
import java.io.InterruptedIOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Pushes every image and chart of the bundle with the push engine (concurrency, retries, resume
 * across runs, digests read back), into the registry an earlier step set up or the person's own. An
 * image already there costs one request, so a second run is quick.
 */
final class PushStep implements InstallStep {

  @Override
  public String id() {
    return "push";
  }

  @Override
  public String title() {
    return "Push every image and chart";
  }

  @Override
  public Result run(InstallRun run) throws AirlockException, InterruptedIOException {
    RegistryTarget target = run.pushTarget;
    if (target == null
        && run.request().destination() instanceof InstallRequest.Destination.External e) {
      target = e.target();
      run.pushTarget = target;
    }
    if (run.request().destination() instanceof InstallRequest.Destination.InCluster) {
      try (PodTunnel tunnel = ClusterRegistry.tunnel(run)) {
        target = ClusterRegistry.target(run, tunnel);
        run.pushTarget = target;
        run.note("pushing through a tunnel to the registry's push endpoint, " + tunnel.host());
        PushReport r;
        AtomicReference<PushEvent.Totals> totals = new AtomicReference<>();
        try {
          r =
              push(
                  run,
                  target,
                  event -> {
                    if (event instanceof PushEvent.Totals t) {
                      totals.set(t);
                    } else if (event instanceof PushEvent.Started s) {
                      totals.set(new PushEvent.Totals(0, s.totalBytes(), 0, 0, -1, 0, 0));
                    }
                    run.listener().onEvent(event);
                  });
        } catch (AirlockException e) {
          Optional<AirlockException> full = StorageFull.of(e, run, totals.get());
          if (full.isPresent()) {
            throw full.get();
          }
          throw tunnel.lastError().isEmpty() ? e : withTunnelError(e, tunnel);
        }
        run.pushed = r;
        return Result.done(
            r.pushedCount()
                + " pushed, "
                + r.presentCount()
                + " already present, through "
                + tunnel.streams()
                + " tunnel stream(s)"
                + (tunnel.failures() > 0 ? " (" + tunnel.failures() + " dropped and reopened)" : "")
                + (r.verified() ? "; every digest read back from the registry" : ""));
      }
    }
    if (target == null) {
      throw new IllegalStateException("no registry to push to: a step before push sets it");
    }
    PushReport r = push(run, target, run.listener());
    run.pushed = r;
    return Result.done(
        r.pushedCount()
            + " pushed, "
            + r.presentCount()
            + " already present, to "
            + r.target()
            + (r.verified() ? "; every digest read back" : ""));
  }

  /** The push's failure with what the tunnel's far end said. */
  private static AirlockException withTunnelError(AirlockException e, PodTunnel tunnel) {
    return new io.airlock.core.RemoteFailureException(
        e.messagePhrase()
            .then(" The tunnel to the registry pod reported: " + tunnel.lastError().get() + "."),
        e.hintPhrase().orElse(Phrase.of("Run again: the push continues where it stopped.")),
        e);
  }

  /** One push of the bundle to {@code target} with the request's tuning. */
  static PushReport push(InstallRun run, RegistryTarget target, ProgressListener listener)
      throws AirlockException, InterruptedIOException {
    InstallRequest.PushTuning tuning = run.request().push();
    PushOptions options =
        target.pushOptions(run.workDir().resolve("push-state")).toBuilder()
            .concurrency(tuning.concurrency())
            .retry(RetryPolicy.defaults().withRetries(tuning.retries()))
            .verify(tuning.readBack())
            .build();
    return new PushEngine(options, run.workDir().resolve("push"), listener).push(run.bundle());
  }
}
