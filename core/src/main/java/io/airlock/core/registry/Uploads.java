package io.airlock.core.registry;

import io.airlock.core.digest.Digest;
import io.airlock.core.digest.DigestAlgorithm;
import io.airlock.core.digest.Hashing;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Blob upload sessions. Each lives in {@code uploads/UUID/} with its repository name and the bytes
 * received so far, fsynced at the end of every request, so a restarted server reports the same
 * offset and the client carries on. The running SHA-256 is kept in memory to save a second read;
 * after a restart the data is hashed again when the upload completes.
 */
final class Uploads {

  private static final String DATA = "data";
  private static final String REPOSITORY = "repository";

  private final DiskStore store;
  private final ConcurrentHashMap<String, HashState> hashes = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Boolean> busy = new ConcurrentHashMap<>();

  /** A SHA-256 over the first {@code hashed} bytes of a session's data. */
  private record HashState(MessageDigest md, long hashed) {}

  Uploads(DiskStore store) {
    this.store = store;
  }

  /** Starts a session and returns its id. */
  String start(String repo) throws IOException, RegistryException {
    String id = UUID.randomUUID().toString();
    Path staging = store.tmpDir().resolve("upload-" + id);
    try {
      Files.createDirectories(staging);
      Files.write(staging.resolve(REPOSITORY), repo.getBytes(StandardCharsets.UTF_8));
      Files.createFile(staging.resolve(DATA));
      // Atomic, but not fsynced: a session lost to a power cut is harmless (the client is told
      // BLOB_UPLOAD_UNKNOWN and starts again), and an fsync here would slow every push.
      Files.move(staging, store.uploadsDir().resolve(id), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      try {
        delete(staging, 0); // a full disk fails the first write: leave no half-made session
      } catch (IOException again) {
        e.addSuppressed(again);
      }
      throw Storage.failure(e, store);
    }
    hashes.put(id, new HashState(DigestAlgorithm.SHA256.newMessageDigest(), 0));
    return id;
  }

  /** Bytes received so far. */
  long size(String repo, String id) throws RegistryException, IOException {
    return Files.size(session(repo, id).resolve(DATA));
  }

  /**
   * Opens the session for more bytes.
   *
   * @param rangeStart where the client says the bytes go (Content-Range), or -1 to append
   */
  Writer append(String repo, String id, long rangeStart) throws RegistryException, IOException {
    Path dir = session(repo, id);
    claim(id);
    try {
      FileChannel ch = FileChannel.open(dir.resolve(DATA), StandardOpenOption.WRITE);
      long size = ch.size();
      if (rangeStart >= 0 && rangeStart != size) {
        ch.close();
        throw new RegistryException(
            ErrorCode.BLOB_UPLOAD_INVALID,
            416,
            "chunk starts at byte " + rangeStart + " but the upload has " + size + " bytes");
      }
      ch.position(size);
      HashState state = hashes.remove(id);
      MessageDigest md = state != null && state.hashed() == size ? state.md() : null;
      return new Writer(id, ch, md);
    } catch (IOException | RegistryException | RuntimeException e) {
      busy.remove(id);
      throw e;
    }
  }

  /** Bytes arriving for one session during one request. */
  final class Writer implements AutoCloseable {
    private final String id;
    private final FileChannel channel;
    private @Nullable MessageDigest md;
    private boolean closed;

    private Writer(String id, FileChannel channel, @Nullable MessageDigest md) {
      this.id = id;
      this.channel = channel;
      this.md = md;
    }

    void write(ByteBuffer[] buffers) throws RegistryException, IOException {
      long total = 0;
      for (ByteBuffer b : buffers) {
        total += b.remaining();
      }
      store.quota().reserve(total);
      for (ByteBuffer b : buffers) {
        if (md != null) {
          md.update(b.duplicate());
        }
        try {
          while (b.hasRemaining()) {
            channel.write(b);
          }
        } catch (IOException e) {
          md = null; // what reached the disk is unknown; hash from the file later
          throw Storage.failure(e, store);
        }
      }
    }

    /** Makes the bytes durable and returns the session's size. */
    long finish() throws RegistryException, IOException {
      try {
        channel.force(false);
        long size = channel.size();
        if (md != null) {
          hashes.put(id, new HashState(md, size));
        }
        return size;
      } catch (IOException e) {
        throw Storage.failure(e, store);
      } finally {
        close();
      }
    }

    @Override
    public void close() throws IOException {
      if (!closed) {
        closed = true;
        busy.remove(id);
        channel.close();
      }
    }
  }

  /**
   * Checks the session's bytes against {@code expected} and moves them into the content store. A
   * mismatch ends the session: its bytes are not what the client meant to send.
   */
  void commit(String repo, String id, Digest expected) throws RegistryException, IOException {
    Path dir = session(repo, id);
    claim(id);
    try {
      Path data = dir.resolve(DATA);
      long size = Files.size(data);
      HashState state = hashes.remove(id);
      Digest actual;
      if (state != null
          && state.hashed() == size
          && expected.algorithm() == DigestAlgorithm.SHA256) {
        actual = Digest.of(DigestAlgorithm.SHA256, state.md().digest());
      } else {
        actual = Hashing.hash(data, expected.algorithm()).digest();
      }
      if (!actual.equals(expected)) {
        delete(dir, size);
        throw new RegistryException(
            ErrorCode.DIGEST_INVALID,
            "the uploaded content ("
                + size
                + " bytes) hashes to "
                + actual
                + ", not to the digest given "
                + expected);
      }
      try {
        Durable.fsync(data);
        store.commitBlob(data, expected, size);
        store.linkBlob(repo, expected);
      } catch (IOException e) {
        throw Storage.failure(e, store);
      }
      delete(dir, 0);
    } finally {
      busy.remove(id);
    }
  }

  void cancel(String repo, String id) throws RegistryException, IOException {
    Path dir = session(repo, id);
    claim(id);
    try {
      hashes.remove(id);
      delete(dir, Files.size(dir.resolve(DATA)));
    } finally {
      busy.remove(id);
    }
  }

  /**
   * Removes the sessions whose bytes have not changed since {@code cutoff} and that no request is
   * using, and half-made sessions a crash left behind.
   *
   * @param dryRun count them only
   * @return how many were (or would be) removed
   */
  int removeIdle(Instant cutoff, boolean dryRun) throws IOException {
    int removed = 0;
    for (String id : StoreFiles.listNames(store.uploadsDir())) {
      Path dir = store.uploadsDir().resolve(id);
      Path data = dir.resolve(DATA);
      if (!idleSince(data, cutoff) || busy.putIfAbsent(id, Boolean.TRUE) != null) {
        continue; // receiving bytes, or a request is using it right now
      }
      try {
        if (!Files.getLastModifiedTime(data).toInstant().isBefore(cutoff)) {
          continue; // bytes came in between
        }
        removed++;
        if (!dryRun) {
          hashes.remove(id);
          delete(dir, Files.size(data));
        }
      } catch (NoSuchFileException e) {
        // a half-made session from a crash in start(), or one that just ended: remove what is left
        if (!dryRun && Files.isDirectory(dir)) {
          for (String name : StoreFiles.listNames(dir)) {
            Files.deleteIfExists(dir.resolve(name));
          }
          Files.deleteIfExists(dir);
        }
      } finally {
        busy.remove(id);
      }
    }
    return removed;
  }

  /** True when the data file is older than the cutoff, or missing (a half-made session). */
  private static boolean idleSince(Path data, Instant cutoff) throws IOException {
    try {
      return Files.getLastModifiedTime(data).toInstant().isBefore(cutoff);
    } catch (NoSuchFileException e) {
      return true;
    }
  }

  private void delete(Path dir, long releasedBytes) throws IOException {
    Files.deleteIfExists(dir.resolve(DATA));
    Files.deleteIfExists(dir.resolve(REPOSITORY));
    Files.deleteIfExists(dir); // a session that reappears after a power cut is gc's to remove
    store.quota().release(releasedBytes);
  }

  private void claim(String id) throws RegistryException {
    if (busy.putIfAbsent(id, Boolean.TRUE) != null) {
      throw new RegistryException(
          ErrorCode.BLOB_UPLOAD_INVALID,
          416,
          "upload " + id + " is in use by another request; retry when that one ends");
    }
  }

  /** Ids are lower-case UUIDs, the only names a client can make the server look up. */
  private static boolean isSessionId(String id) {
    try {
      return UUID.fromString(id).toString().equals(id);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private Path session(String repo, String id) throws RegistryException, IOException {
    if (!isSessionId(id)) {
      throw unknown(id);
    }
    Path dir = store.uploadsDir().resolve(id);
    try {
      String owner = Files.readString(dir.resolve(REPOSITORY), StandardCharsets.UTF_8);
      if (!owner.equals(repo)) {
        throw unknown(id);
      }
    } catch (NoSuchFileException e) {
      throw unknown(id);
    }
    if (!Files.isRegularFile(dir.resolve(DATA))) {
      // What kill -9 leaves between a completed upload's move into the store and the removal of
      // its session: the session is over (the client asks again, or finds the blob).
      throw unknown(id);
    }
    return dir;
  }

  private static RegistryException unknown(String id) {
    return new RegistryException(
        ErrorCode.BLOB_UPLOAD_UNKNOWN,
        "no upload session '" + Names.abbreviate(id) + "' in this repository");
  }
}
