package io.airlock.core.digest;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/** Streams content through a digest in large chunks, so memory stays flat whatever the size. */
public final class Hashing {

  /** Large enough that per-call overhead vanishes next to the SHA work. */
  public static final int CHUNK = 1 << 20;

  private Hashing() {}

  /** What one pass over a stream produced. */
  public record Result(Digest digest, long size) {}

  public static Result hash(InputStream in, DigestAlgorithm algorithm) throws IOException {
    return copy(in, OutputStream.nullOutputStream(), algorithm);
  }

  public static Result hash(Path file, DigestAlgorithm algorithm) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return hash(in, algorithm);
    }
  }

  /**
   * Copies {@code in} to {@code out} while hashing it. Checks for interruption between chunks so
   * that a cancelled copy stops promptly.
   */
  public static Result copy(InputStream in, OutputStream out, DigestAlgorithm algorithm)
      throws IOException {
    MessageDigest md = algorithm.newMessageDigest();
    byte[] buffer = new byte[CHUNK];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) > 0) {
      md.update(buffer, 0, n);
      out.write(buffer, 0, n);
      total += n;
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedIOException("interrupted");
      }
    }
    return new Result(Digest.of(algorithm, md.digest()), total);
  }
}
