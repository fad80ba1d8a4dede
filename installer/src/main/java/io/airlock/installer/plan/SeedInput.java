package io.airlock.installer.plan;

import io.airlock.core.BadInputException;
import io.airlock.core.digest.DigestAlgorithm;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The seed injector's inputs: its binary per architecture and the payload (an OCI layout tar with
 * the registry and proxy images) with its SHA-256. The payload stays on disk; a chunk is read only
 * when its ConfigMap is written, so memory stays flat whatever its size.
 *
 * @param binaries injector binary bytes by architecture ({@code amd64}, {@code arm64})
 */
public record SeedInput(
    Map<String, byte[]> binaries, Path payload, long payloadSize, String payloadSha256) {

  public SeedInput {
    binaries = new TreeMap<>(binaries);
  }

  /**
   * Reads the binaries and hashes the payload.
   *
   * @throws BadInputException when a binary is too large for a ConfigMap or a file is unreadable
   */
  public static SeedInput of(Map<String, byte[]> binaries, Path payload) throws BadInputException {
    for (Map.Entry<String, byte[]> b : binaries.entrySet()) {
      if (b.getValue().length > InjectorContract.MAX_BINARY_BYTES) {
        throw new BadInputException(
            "The injector binary for "
                + b.getKey()
                + " is "
                + b.getValue().length
                + " bytes; one ConfigMap holds at most "
                + InjectorContract.MAX_BINARY_BYTES
                + ".",
            "Use the injector built by Airlock's node module (a static binary under 1 MiB).");
      }
    }
    try (InputStream in = Files.newInputStream(payload)) {
      MessageDigest sha = DigestAlgorithm.SHA256.newMessageDigest();
      byte[] buf = new byte[1 << 16];
      long size = 0;
      for (int n; (n = in.read(buf)) > 0; ) {
        sha.update(buf, 0, n);
        size += n;
        if (Thread.currentThread().isInterrupted()) {
          throw new java.io.InterruptedIOException("interrupted while hashing " + payload);
        }
      }
      return new SeedInput(binaries, payload, size, HexFormat.of().formatHex(sha.digest()));
    } catch (IOException e) {
      throw new BadInputException(
          "Cannot read the seed payload " + payload + ": " + e.getMessage() + ".",
          "Check the path.",
          e);
    }
  }

  public int chunkCount() {
    return (int)
        Math.max(
            1, (payloadSize + InjectorContract.CHUNK_BYTES - 1) / InjectorContract.CHUNK_BYTES);
  }

  public long chunkSize(int index) {
    return Math.min(
        InjectorContract.CHUNK_BYTES, payloadSize - (long) index * InjectorContract.CHUNK_BYTES);
  }

  /** The bytes of chunk {@code index}, read from the payload file now. */
  public byte[] chunk(int index) {
    try (FileChannel ch = FileChannel.open(payload, StandardOpenOption.READ)) {
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) chunkSize(index));
      long pos = (long) index * InjectorContract.CHUNK_BYTES;
      while (buf.hasRemaining()) {
        int n = ch.read(buf, pos + buf.position());
        if (n < 0) {
          throw new IOException("the payload " + payload + " shrank while Airlock used it");
        }
      }
      return buf.array();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
