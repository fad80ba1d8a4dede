package io.airlock.core.registry;

import java.io.IOException;

/** Tells a full disk apart from other storage failures, so clients get the right error. */
final class Storage {

  private Storage() {}

  /** A full disk becomes the storage-full error; anything else stays an I/O failure. */
  static RegistryException failure(IOException e) throws IOException {
    if (isNoSpace(e)) {
      return RegistryException.storageFull(
          "no space left on the disk; the registry's operator can free space or remove"
              + " unreferenced content");
    }
    throw e;
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
