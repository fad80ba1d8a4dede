package io.airlock.core.distribution;

import io.airlock.core.digest.Digest;

/**
 * Content read for upload hashes to something other than its digest. Thrown before the last bytes
 * leave, so the registry never receives the whole blob and cannot complete it.
 */
public final class ContentMismatchException extends SourceException {

  private final Digest expected;
  private final Digest actual;

  public ContentMismatchException(Digest expected, Digest actual) {
    super("content does not match its digest " + expected + ": it hashes to " + actual, null);
    this.expected = expected;
    this.actual = actual;
  }

  public Digest expected() {
    return expected;
  }

  public Digest actual() {
    return actual;
  }
}
