package io.airlock.core.registry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Writes that survive {@code kill -9} and power loss: content goes to a temporary file in the
 * store, is fsynced, then renamed into place and the directory fsynced. A reader sees the old file
 * or the new one, never a half-written one.
 */
final class Durable {

  private Durable() {}

  /** Writes {@code bytes} to {@code target} atomically, replacing what was there. */
  static void write(Path tmpDir, Path target, byte[] bytes) throws IOException {
    Path tmp = Files.createTempFile(tmpDir, "w", ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          ch.write(buffer);
        }
        if (bytes.length > 0) {
          // fdatasync: the bytes and the size needed to read them; an empty marker has neither.
          ch.force(false);
        }
      }
      moveInto(tmp, target, true);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Renames a complete, fsynced file into place. Returns false when {@code replace} is false and
   * the target already exists (content-addressed files are equal when their names are).
   */
  static boolean moveInto(Path source, Path target, boolean replace) throws IOException {
    Files.createDirectories(target.getParent());
    try {
      if (replace) {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
      } else {
        if (Files.exists(target)) {
          return false;
        }
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the store must be on one file system: " + e.getMessage(), e);
    }
    syncDirectory(Objects.requireNonNull(target.getParent()));
    return true;
  }

  /** Makes a rename or delete in {@code dir} durable. */
  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some file systems refuse to open directories; the rename itself is still atomic.
      if (!Files.isDirectory(dir)) {
        throw e;
      }
    }
  }

  /** fdatasync: the file's bytes and size, not its timestamps. */
  static void fsync(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.force(false);
    }
  }

  /** Deletes a file and syncs its directory; false when it was not there. */
  static boolean delete(Path p) throws IOException {
    boolean deleted = Files.deleteIfExists(p);
    if (deleted) {
      Durable.syncDirectory(Objects.requireNonNull(p.getParent()));
    }
    return deleted;
  }
}
