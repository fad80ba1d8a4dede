package io.airlock.core.push;

import io.airlock.core.AirlockException;
import io.airlock.core.digest.Digest;
import io.airlock.core.distribution.ManifestInfo;
import io.airlock.core.distribution.RegistryClient;
import io.airlock.core.distribution.RegistryFailure;
import io.airlock.core.progress.ProgressListener;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/** One execution of a plan: the executors, the blob bookkeeping and the counters. */
final class PushRun {
  /** Manifest checks and pushes run beside the blob uploads, never queued behind them. */
  private static final int CONTROL_THREADS = 4;

  private final PushOptions options;
  private final ProgressListener listener;
  final PushPlan plan;
  final RegistryClient client;
  final BlobUploader uploader;
  final String host;
  final ExecutorService blobs;
  final ExecutorService control;
  final PushTotals totals;
  final AtomicInteger uploaded = new AtomicInteger();
  final AtomicInteger mounted = new AtomicInteger();
  final AtomicInteger present = new AtomicInteger();
  final AtomicInteger resumed = new AtomicInteger();
  final AtomicInteger artifactsDone = new AtomicInteger();

  /** Each blob once per repository. */
  final Map<String, CompletableFuture<Void>> blobTasks = new ConcurrentHashMap<>();

  /** The repository each blob's first upload goes to; later repositories mount from it. */
  final Map<Digest, CompletableFuture<String>> firstUploads = new ConcurrentHashMap<>();

  /** Repositories known to hold a blob already. */
  final Map<Digest, String> knownAt = new ConcurrentHashMap<>();

  final ReferrersTags referrers;

  PushRun(
      PushOptions options,
      ProgressListener listener,
      PushPlan plan,
      RegistryClient client,
      ResumeState state) {
    this.options = options;
    this.listener = listener;
    this.plan = plan;
    this.client = client;
    this.uploader = new BlobUploader(client, state, options.chunkSize());
    this.host = client.endpoint().host();
    this.blobs = Executors.newFixedThreadPool(options.concurrency(), threads("airlock-push-blob"));
    this.control = Executors.newFixedThreadPool(CONTROL_THREADS, threads("airlock-push-manifest"));
    this.totals = new PushTotals(listener, plan.artifacts().size(), artifactsDone);
    this.referrers = new ReferrersTags(client);
  }

  List<PushReport.Pushed> execute() throws AirlockException, InterruptedIOException {
    long total = 0;
    int blobCount = 0;
    Map<String, Boolean> counted = new ConcurrentHashMap<>();
    for (PushPlan.Artifact a : plan.artifacts()) {
      for (PushPlan.Blob b : a.blobs()) {
        if (counted.putIfAbsent(a.repository() + "@" + b.digest(), true) == null) {
          total += b.size();
          blobCount++;
        }
      }
      total += a.manifests().stream().mapToLong(m -> m.source().size()).sum();
    }
    totals.start(total);
    listener.onEvent(
        new PushEvent.Started(
            options.target().toString(), plan.artifacts().size(), blobCount, total));
    List<CompletableFuture<Boolean>> done = new ArrayList<>();
    for (PushPlan.Artifact a : plan.artifacts()) {
      CompletableFuture<Boolean> subject =
          a.subjectArtifact() >= 0
              ? done.get(a.subjectArtifact())
              : CompletableFuture.completedFuture(true);
      done.add(artifact(a, subject));
    }
    // Stop at the first failure instead of waiting for every other image to finish.
    CompletableFuture<Object> firstFailure = new CompletableFuture<>();
    for (CompletableFuture<Boolean> f : done) {
      f.whenComplete(
          (ok, failure) -> {
            if (failure != null) {
              firstFailure.completeExceptionally(failure);
            }
          });
    }
    try {
      CompletableFuture.anyOf(
              CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)), firstFailure)
          .get();
    } catch (InterruptedException e) {
      shutdown();
      throw PushEngine.interrupted();
    } catch (ExecutionException | CompletionException e) {
      shutdown();
      throw failure(e);
    }
    shutdown();
    List<PushReport.Pushed> pushed = new ArrayList<>();
    for (int i = 0; i < plan.artifacts().size(); i++) {
      PushPlan.Artifact a = plan.artifacts().get(i);
      pushed.add(
          new PushReport.Pushed(
              a.name(),
              a.kind().name().toLowerCase(java.util.Locale.ROOT),
              a.targetRef(host),
              a.digest(),
              done.get(i).join()));
    }
    return pushed;
  }

  /** Completes with true when the artifact was already there, false when it was pushed now. */
  private CompletableFuture<Boolean> artifact(
      PushPlan.Artifact a, CompletableFuture<Boolean> subject) {
    return CompletableFuture.supplyAsync(() -> isPresent(a), control)
        .thenCompose(
            isPresent -> {
              if (isPresent) {
                a.blobs().forEach(b -> knownAt.putIfAbsent(b.digest(), a.repository()));
                totals.credit(a.bytes());
                finishArtifact(a, PushEvent.ArtifactState.ALREADY_PRESENT);
                return CompletableFuture.completedFuture(true);
              }
              listener.onEvent(
                  new PushEvent.Artifact(
                      a.name(), a.targetRef(host), a.digest(), PushEvent.ArtifactState.UPLOADING));
              List<CompletableFuture<Void>> parts = new ArrayList<>();
              for (PushPlan.Blob b : a.blobs()) {
                parts.add(blob(a, b));
              }
              return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                  .thenCombine(subject, (x, y) -> true)
                  .thenApplyAsync(
                      x -> {
                        pushManifests(a);
                        return false;
                      },
                      control);
            });
  }

  private boolean isPresent(PushPlan.Artifact a) {
    listener.onEvent(
        new PushEvent.Artifact(
            a.name(), a.targetRef(host), a.digest(), PushEvent.ArtifactState.CHECKING));
    try {
      Optional<ManifestInfo> info = client.headManifest(a.repository(), a.reference());
      return info.isPresent() && a.digest().equals(info.get().digest());
    } catch (RegistryFailure f) {
      throw new TaskFailure(f, a.name(), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted");
    }
  }

  /** The upload of one blob to the artifact's repository, shared by every artifact needing it. */
  private synchronized CompletableFuture<Void> blob(PushPlan.Artifact a, PushPlan.Blob b) {
    String key = a.repository() + "@" + b.digest();
    CompletableFuture<Void> existing = blobTasks.get(key);
    if (existing != null) {
      return existing;
    }
    CompletableFuture<String> first = firstUploads.get(b.digest());
    CompletableFuture<Void> task;
    if (first == null) {
      CompletableFuture<String> mine =
          CompletableFuture.supplyAsync(
              () -> {
                sendBlob(a, b, knownAt.get(b.digest()));
                return a.repository();
              },
              blobs);
      firstUploads.put(b.digest(), mine);
      task = mine.thenApply(repo -> null);
    } else {
      task = first.thenAcceptAsync(from -> sendBlob(a, b, from), blobs);
    }
    blobTasks.put(key, task);
    return task;
  }

  private void sendBlob(PushPlan.Artifact a, PushPlan.Blob b, @Nullable String mountFrom) {
    BlobProgress progress = new BlobProgress(a.name(), b, totals, listener);
    try {
      BlobUploader.Result r =
          uploader.upload(a.repository(), b, mountFrom, progress::advance, a.name());
      totals.sent(r.sentBytes());
      progress.finish();
      switch (r.outcome()) {
        case UPLOADED -> uploaded.incrementAndGet();
        case RESUMED -> {
          uploaded.incrementAndGet();
          resumed.incrementAndGet();
        }
        case MOUNTED -> mounted.incrementAndGet();
        case PRESENT -> present.incrementAndGet();
      }
      knownAt.putIfAbsent(b.digest(), a.repository());
      listener.onEvent(new PushEvent.BlobDone(a.name(), b.digest(), b.size(), r.outcome()));
    } catch (RegistryFailure f) {
      throw new TaskFailure(f, a.name(), b.digest());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted");
    }
  }

  private void pushManifests(PushPlan.Artifact a) {
    listener.onEvent(
        new PushEvent.Artifact(
            a.name(), a.targetRef(host), a.digest(), PushEvent.ArtifactState.MANIFESTS));
    try {
      RegistryClient.PutResult top = null;
      byte[] topBytes = null;
      for (PushPlan.ManifestDoc m : a.manifests()) {
        byte[] bytes = Planner.readDocument(m.source(), m.digest(), a.name());
        RegistryClient.PutResult r =
            client.putManifest(a.repository(), m.reference(), m.mediaType(), bytes);
        if (r.digest() != null && !r.digest().equals(m.digest())) {
          throw new RegistryFailure(
              RegistryFailure.Kind.PROTOCOL,
              "push manifest " + m.digest() + " to " + host + "/" + a.repository(),
              201,
              List.of(),
              "the registry stored it as "
                  + r.digest()
                  + ", so the digest the bundle promises would not resolve",
              null);
        }
        totals.credit(bytes.length);
        top = r;
        topBytes = bytes;
      }
      // A referrer always has its subject and its manifest, so top and topBytes are set here.
      if (a.kind() == PushPlan.Kind.REFERRER
          && Objects.requireNonNull(top).subjectProcessed() == null) {
        referrers.add(
            a.repository(),
            Objects.requireNonNull(a.subject()),
            a.top(),
            Objects.requireNonNull(topBytes));
      }
    } catch (RegistryFailure f) {
      throw new TaskFailure(f, a.name(), null);
    } catch (AirlockException e) {
      throw new TaskFailure(e, a.name(), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted");
    }
    finishArtifact(a, PushEvent.ArtifactState.DONE);
  }

  private void finishArtifact(PushPlan.Artifact a, PushEvent.ArtifactState state) {
    artifactsDone.incrementAndGet();
    listener.onEvent(new PushEvent.Artifact(a.name(), a.targetRef(host), a.digest(), state));
    totals.emit(false);
  }

  private AirlockException failure(Exception e) throws InterruptedIOException {
    Throwable t = e;
    while ((t instanceof ExecutionException || t instanceof CompletionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof TaskFailure tf) {
      if (tf.getCause() instanceof RegistryFailure f) {
        return PushEngine.error(options, f, tf.artifact, tf.blob);
      }
      if (tf.getCause() instanceof AirlockException a) {
        return a;
      }
    }
    if (t instanceof CancellationException) {
      throw PushEngine.interrupted();
    }
    throw new IllegalStateException("push failed unexpectedly: " + t, t);
  }

  private void shutdown() {
    blobs.shutdownNow();
    control.shutdownNow();
    try {
      // Let interrupted uploads record their state before the caller goes on.
      blobs.awaitTermination(10, TimeUnit.SECONDS);
      control.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A task's failure with what it was working on. */
  private static final class TaskFailure extends RuntimeException {
    final String artifact;
    final @Nullable Digest blob;

    TaskFailure(Exception cause, String artifact, @Nullable Digest blob) {
      super(cause);
      this.artifact = artifact;
      this.blob = blob;
    }
  }

  private static ThreadFactory threads(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
