package io.airlock.core;

import java.nio.file.Path;

/**
 * A directory's disk has not enough free space for what is about to be written there. Nothing was
 * left half-written; the same command works once space is freed.
 */
public final class NotEnoughSpaceException extends BadInputException {

  private final Path directory;
  private final long needed;
  private final long free;

  public NotEnoughSpaceException(String message, Path directory, long needed, long free) {
    super(
        message,
        "Free up at least "
            + Sizes.human(Math.max(needed - free, 0))
            + " on the disk of "
            + directory
            + " and run the same command again, or use a directory on a larger disk.");
    this.directory = directory;
    this.needed = needed;
    this.free = free;
  }

  /** The directory that was being written to. */
  public Path directory() {
    return directory;
  }

  /** Bytes that had to be free there (reserve included). */
  public long needed() {
    return needed;
  }

  /** Bytes that were free. */
  public long free() {
    return free;
  }
}
