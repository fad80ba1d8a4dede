package io.airlock.core.push;

import io.airlock.core.AirlockException;
import io.airlock.core.BadInputException;
import io.airlock.core.Phrase;
import io.airlock.core.Setting;
import io.airlock.core.bundle.Bundle;
import io.airlock.core.digest.Digest;
import io.airlock.core.distribution.RegistryClient;
import io.airlock.core.distribution.RegistryEndpoint;
import io.airlock.core.distribution.RegistryFailure;
import io.airlock.core.distribution.RetryListener;
import io.airlock.core.progress.ProgressListener;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Pushes every image and chart of a bundle into an OCI registry. Blobs go concurrently (at most
 * {@code concurrency} in flight, across images, each blob once per repository: later repositories
 * mount it); manifests go only after all their blobs, indexes after their child manifests,
 * signatures and referrers after the image they belong to. An image whose tag already points at its
 * digest is skipped whole, so a second run costs one request per image.
 */
public final class PushEngine {

  private final PushOptions options;
  private final Path workDir;
  private final ProgressListener listener;

  /**
   * @param workDir where charts shipped as plain .tar are gzipped once
   * @param listener receives {@link PushEvent}s and notices, on worker threads
   */
  public PushEngine(PushOptions options, Path workDir, ProgressListener listener) {
    this.options = options;
    this.workDir = workDir;
    this.listener = listener;
  }

  /**
   * Pushes the bundle.
   *
   * @throws InterruptedIOException when the thread is interrupted; partial uploads are recorded so
   *     the next run continues them
   */
  public PushReport push(Bundle bundle) throws AirlockException, InterruptedIOException {
    long started = System.nanoTime();
    PushPlan plan = new Planner(bundle, options.naming(), options.only(), workDir, listener).plan();
    if (plan.artifacts().isEmpty()) {
      throw new BadInputException(
          options.only().isEmpty()
              ? Phrase.of("The bundle ", bundle.path(), " holds no image or chart to push.")
              : Phrase.of(
                  "Nothing in the bundle matches ",
                  Setting.ONLY,
                  " ",
                  String.join(" ", options.only()),
                  "."),
          options.only().isEmpty()
              ? null
              : Phrase.of(
                  "Patterns match whole names such as docker.io/library/nginx:1.25 or"
                      + " charts/NAME:VERSION; use * for any run of characters."));
    }
    RegistryEndpoint endpoint = new RegistryEndpoint(options.target().host(), options.plainHttp());
    RetryListener retries =
        (action, attempt, max, delay, reason) ->
            listener.onEvent(new PushEvent.Retry(action, attempt, max, delay.toMillis(), reason));
    RegistryClient client =
        RegistryClient.create(
            endpoint, options.credentials(), options.tls(), options.retry(), retries);
    try {
      client.ping(plan.artifacts().get(0).repository());
    } catch (RegistryFailure f) {
      throw error(options, f, null, null);
    } catch (InterruptedException e) {
      throw interrupted();
    }
    ResumeState state =
        ResumeState.load(options.stateDir(), options.target().toString(), bundle.path());
    PushRun run = new PushRun(options, listener, plan, client, state);
    List<PushReport.Pushed> pushed = run.execute();
    if (options.verify()) {
      new PushVerifier(client, listener, endpoint).verify(plan);
    }
    state.delete();
    PushReport report =
        new PushReport(
            options.target().toString(),
            pushed,
            run.uploaded.get(),
            run.mounted.get(),
            run.present.get(),
            run.resumed.get(),
            run.totals.sentBytes(),
            Duration.ofNanos(System.nanoTime() - started),
            options.verify());
    run.totals.emit(true);
    listener.onEvent(new PushEvent.Finished(report));
    return report;
  }

  static AirlockException error(
      PushOptions options, RegistryFailure f, @Nullable String artifact, @Nullable Digest blob) {
    return PushErrors.of(
        f,
        options.target().host(),
        options.plainHttp(),
        artifact,
        blob,
        options.credentials() != null);
  }

  static InterruptedIOException interrupted() {
    Thread.currentThread().interrupt();
    return new InterruptedIOException("push interrupted");
  }
}
