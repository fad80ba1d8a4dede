package io.airlock.core.registry;

import io.airlock.core.Sizes;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tells a full disk apart from other storage failures, so clients get the right error. */
final class Storage {

  private Storage() {}

  /** A full disk becomes the storage-full error; anything else stays an I/O failure. */
  static RegistryException failure(IOException e, DiskStore store) throws IOException {
    if (isNoSpace(e)) {
      return RegistryException.storageFull(
          "no space left on its disk ("
              + space(store.root())
              + "); the registry's operator can free space there or remove unreferenced"
              + " content");
    }
    throw e;
  }

  /** "4.10 KB free of 25.2 MB": the disk holding {@code dir}. */
  static String space(Path dir) {
    try {
      FileStore disk = Files.getFileStore(dir);
      return Sizes.human(disk.getUsableSpace()) + " free of " + Sizes.human(disk.getTotalSpace());
    } catch (IOException e) {
      return "free space unknown: " + e.getMessage();
    }
  }

  static boolean isNoSpace(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && (m.contains("No space left") || m.contains("Disk quota exceeded"))) {
        return true;
      }
    }
    return false;
  }
}
