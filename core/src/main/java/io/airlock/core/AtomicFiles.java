package io.airlock.core;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Small files written whole (reports, signatures, resume state): the bytes go to a temporary file
 * beside the target, which is then renamed over it. A reader, a crash or a full disk leaves the old
 * file or the new one, never half of one, and no temporary file behind. (The registry's store adds
 * fsyncs on top of this: see {@code registry.Durable}.)
 */
public final class AtomicFiles {

  private AtomicFiles() {}

  /** Writes {@code bytes} to {@code target}, creating its directory, replacing what was there. */
  public static void write(Path target, byte[] bytes) throws IOException {
    Path absolute = target.toAbsolutePath();
    Files.createDirectories(absolute.getParent());
    Path temp = absolute.resolveSibling("." + absolute.getFileName() + ".partial");
    try {
      Files.write(temp, bytes);
      try {
        Files.move(
            temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
