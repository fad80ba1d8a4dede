package io.airlock.core.push;

import io.airlock.core.AirlockException;
import io.airlock.core.RemoteFailureException;
import io.airlock.core.bundle.Bundle;
import io.airlock.core.bundle.BundleOpener;
import io.airlock.core.digest.Digest;
import io.airlock.core.distribution.RetryPolicy;
import io.airlock.core.progress.ProgressEvent;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.sample.SampleBundle;
import io.airlock.core.testing.Skopeo;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the push tests share: sample bundles, fast retry settings, oracles. */
final class PushFixtures {

  private PushFixtures() {}

  /** Retries fast, so fault tests take milliseconds, and a 2 s stall counts as broken. */
  static final RetryPolicy FAST =
      new RetryPolicy(3, Duration.ofMillis(20), Duration.ofSeconds(3), Duration.ofSeconds(2));

  static Bundle sample(Path dir, SampleBundle.Options options) {
    try {
      new SampleBundle(options, ProgressListener.NONE).write(dir);
      return open(dir);
    } catch (AirlockException e) {
      throw new AssertionError(e);
    }
  }

  static Bundle open(Path dir) {
    try {
      return new BundleOpener(
              dir.resolveSibling(dir.getFileName() + "-work"), ProgressListener.NONE)
          .open(dir);
    } catch (AirlockException | InterruptedIOException e) {
      throw new AssertionError(e);
    }
  }

  static PushOptions options(String host, String prefix, Path stateDir) {
    return PushOptions.builder(new PushTarget(host, prefix), true, stateDir).retry(FAST).build();
  }

  /** Collects every event, from any thread. */
  static final class Events implements ProgressListener {
    final List<ProgressEvent> all = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(ProgressEvent event) {
      all.add(event);
    }

    <T> List<T> of(Class<T> type) {
      return all.stream().filter(type::isInstance).map(type::cast).toList();
    }
  }

  static PushReport push(Bundle bundle, PushOptions options, Path workDir, ProgressListener l)
      throws AirlockException {
    try {
      return new PushEngine(options, workDir, l).push(bundle);
    } catch (InterruptedIOException e) {
      throw new AssertionError(e);
    }
  }

  /** The failure of a push the registry refuses or cannot be reached for. */
  static RemoteFailureException pushRefused(Bundle bundle, PushOptions options, Path workDir) {
    return org.junit.jupiter.api.Assertions.assertThrows(
        RemoteFailureException.class, () -> push(bundle, options, workDir, ProgressListener.NONE));
  }

  /** The digest skopeo reads for a plain-HTTP registry reference. */
  static Digest skopeoDigest(String reference) {
    return Skopeo.digest("docker://" + reference, "--tls-verify=false");
  }

  /** GET a blob from a plain-HTTP registry, anonymously. */
  static byte[] blob(String host, String repository, Digest digest) {
    try {
      HttpResponse<byte[]> r =
          HttpClient.newBuilder()
              .followRedirects(HttpClient.Redirect.NORMAL)
              .build()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://" + host + "/v2/" + repository + "/blobs/" + digest))
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        throw new AssertionError(
            "GET blob " + digest + " from " + repository + ": HTTP " + r.statusCode());
      }
      return r.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** HTTP status of HEAD on a blob. */
  static int headBlob(String host, String repository, Digest digest) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(
                      URI.create("http://" + host + "/v2/" + repository + "/blobs/" + digest))
                  .method("HEAD", HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
