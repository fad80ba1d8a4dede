package io.airlock.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Content that does not compress and is the same on every run: {@link Random} of a seed. */
public final class RandomBytes {

  private RandomBytes() {}

  /** {@code n} bytes of {@code new Random(seed)}. */
  public static byte[] of(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Writes {@link #of} to {@code file}; returns the file. */
  public static Path write(Path file, int n, long seed) throws IOException {
    return Files.write(file, of(n, seed));
  }
}
