package io.airlock.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the small inputs of a verification (keys, signatures, bundles) whole, with a limit. */
public final class SmallFiles {

  private SmallFiles() {}

  /**
   * @param what names the file in messages, e.g. "public key"
   * @throws BadInputException when missing, a directory, unreadable or bigger than {@code limit}
   */
  public static byte[] read(Path file, String what, int limit) throws BadInputException {
    if (!Files.exists(file)) {
      throw new BadInputException(
          "The " + what + " file " + file + " does not exist.", "Check the path.");
    }
    if (Files.isDirectory(file)) {
      throw new BadInputException(
          "The " + what + " file " + file + " is a directory.", "Give the file itself.");
    }
    try {
      long size = Files.size(file);
      if (size > limit) {
        throw new BadInputException(
            file + " is " + size + " bytes: too big to be a " + what + " file.",
            "Check that the right file was given.");
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new BadInputException(
          "Cannot read the " + what + " file " + file + ": " + e.getMessage(),
          "Check the file's permissions.",
          e);
    }
  }
}
