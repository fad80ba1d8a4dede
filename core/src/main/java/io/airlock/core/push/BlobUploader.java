package io.airlock.core.push;

import io.airlock.core.Pause;
import io.airlock.core.digest.Digest;
import io.airlock.core.distribution.RegistryClient;
import io.airlock.core.distribution.RegistryFailure;
import io.airlock.core.distribution.SourceException;
import io.airlock.core.distribution.UploadSession;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Gets one blob into one repository: found there already, mounted from another repository, sent in
 * one PUT when small, or in chunks when large. A broken chunk is continued from the offset the
 * registry reports; when the registry lost the session (distribution cancels a session a broken
 * request left inconsistent), the upload starts over. Sessions are recorded in the resume state
 * after each confirmed chunk, so a later run can continue them.
 */
final class BlobUploader {

  private final RegistryClient client;
  private final ResumeState state;
  private final long chunkSize;

  BlobUploader(RegistryClient client, ResumeState state, long chunkSize) {
    this.client = client;
    this.state = state;
    this.chunkSize = chunkSize;
  }

  /** What happened, and how many bytes went over the wire. */
  record Result(PushEvent.BlobOutcome outcome, long sentBytes) {}

  /**
   * @param mountFrom a repository of the same registry known to hold the blob, or null
   * @param progress told the bytes of the blob the registry has or is receiving
   * @param artifact names the image in messages
   */
  Result upload(
      String repository,
      PushPlan.Blob blob,
      @Nullable String mountFrom,
      LongConsumer progress,
      String artifact)
      throws RegistryFailure, InterruptedException {
    Digest digest = blob.digest();
    if (client.blobSize(repository, digest).isPresent()) {
      state.remove(repository, digest);
      return new Result(PushEvent.BlobOutcome.PRESENT, 0);
    }
    if (mountFrom != null && !mountFrom.equals(repository)) {
      Optional<UploadSession> started = client.startUpload(repository, digest, mountFrom);
      if (started.isEmpty()) {
        return new Result(PushEvent.BlobOutcome.MOUNTED, 0);
      }
      client.cancelUpload(repository, started.get().location());
    }
    long[] sent = {0};
    HashedBlob hashed =
        new HashedBlob(blob.source(), digest, blob.size(), done -> progress.accept(done));
    String action =
        "upload blob " + digest + " of " + artifact + " to " + client.endpoint() + "/" + repository;
    UploadSession session = resumable(repository, digest).orElse(null);
    boolean resumed = session != null && session.offset() > 0;
    int failures = 0;
    while (true) {
      try {
        if (session == null) {
          session = client.startUpload(repository, null, null).orElseThrow();
          state.put(repository, digest, session);
        }
        if (session.offset() == 0 && blob.size() <= chunkSize) {
          var body = hashed.chunk(0, blob.size());
          client.completeUpload(repository, session, digest, body, action);
          sent[0] += blob.size();
        } else {
          while (session.offset() < blob.size()) {
            long offset = session.offset();
            long length = Math.min(chunkSize, blob.size() - offset);
            session = client.sendChunk(repository, session, hashed.chunk(offset, length), action);
            sent[0] += session.offset() - offset;
            hashed.acknowledge(session.offset());
            state.put(repository, digest, session);
          }
          client.completeUpload(repository, session, digest, null, action);
        }
        state.remove(repository, digest);
        return new Result(
            resumed ? PushEvent.BlobOutcome.RESUMED : PushEvent.BlobOutcome.UPLOADED, sent[0]);
      } catch (SourceException e) {
        abandon(repository, digest, session);
        throw new RegistryFailure(
            RegistryFailure.Kind.SOURCE, action, 0, List.of(), e.getMessage(), e);
      } catch (RegistryFailure f) {
        if (f.kind() == RegistryFailure.Kind.SOURCE) {
          abandon(repository, digest, session);
          throw f;
        }
        failures++;
        if (!isRecoverable(f) || failures > client.policy().retries()) {
          throw f;
        }
        pause(f, failures);
        // Where does the upload stand? The blob may even be complete (a lost answer to the PUT).
        if (client.blobSize(repository, digest).isPresent()) {
          state.remove(repository, digest);
          return new Result(PushEvent.BlobOutcome.UPLOADED, sent[0]);
        }
        Optional<UploadSession> status =
            session == null
                ? Optional.empty()
                : client.uploadStatus(repository, session.location());
        if (status.isPresent() && status.get().offset() <= blob.size()) {
          session = status.get();
          if (session.offset() > 0) {
            state.put(repository, digest, session);
          }
        } else {
          state.remove(repository, digest);
          session = null;
        }
      }
    }
  }

  private Optional<UploadSession> resumable(String repository, Digest digest)
      throws RegistryFailure, InterruptedException {
    Optional<UploadSession> saved = state.session(repository, digest);
    if (saved.isEmpty()) {
      return Optional.empty();
    }
    Optional<UploadSession> status = client.uploadStatus(repository, saved.get().location());
    if (status.isEmpty()) {
      state.remove(repository, digest);
    }
    return status;
  }

  private void abandon(String repository, Digest digest, @Nullable UploadSession session)
      throws InterruptedException {
    if (session != null) {
      client.cancelUpload(repository, session.location());
    }
    state.remove(repository, digest);
  }

  /** Network trouble, overload, or a session the registry dropped: worth another try. */
  private static boolean isRecoverable(RegistryFailure f) {
    return switch (f.kind()) {
      case CONNECTION -> true;
      case SERVER -> !f.isStorageFull();
      case NOT_FOUND -> true; // the upload session vanished
      case REJECTED ->
          f.status() == 416
              || f.hasCode("BLOB_UPLOAD_INVALID")
              || f.hasCode("BLOB_UPLOAD_UNKNOWN")
              || f.hasCode("DIGEST_INVALID")
              || f.hasCode("SIZE_INVALID");
      default -> false;
    };
  }

  private void pause(RegistryFailure f, int attempt) throws InterruptedException {
    var policy = client.policy();
    Duration delay = policy.delay(attempt, f.retryAfter());
    client.retryListener().retrying(f.action(), attempt, policy.retries(), delay, f.getMessage());
    Pause.of(delay);
  }
}
