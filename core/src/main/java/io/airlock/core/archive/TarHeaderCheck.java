package io.airlock.core.archive;

import io.airlock.core.BadInputException;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarUtils;

/**
 * Bounds on what a tar reader holds in memory, checked on each 512-byte header before the reader
 * acts on it: metadata records (PAX headers, GNU long names) are read whole, so their size is
 * limited; sparse files, whose maps are read whole too, are refused (bundles never hold them); the
 * number of members is limited. One instance per archive read.
 */
final class TarHeaderCheck {

  private static final int TYPE = 156;

  private final String archive;
  private long globalBytes;
  private int members;

  /**
   * @param archive how to name the archive in messages
   */
  TarHeaderCheck(String archive) {
    this.archive = archive;
  }

  /** True for a metadata header whose content describes the next entry (PAX, GNU long names). */
  static boolean isMetadata(byte type) {
    return type == 'x' || type == 'X' || type == 'g' || type == 'L' || type == 'K';
  }

  /** True for a PAX header (local or Solaris), whose records may change the next entry's size. */
  static boolean isPax(byte type) {
    return type == 'x' || type == 'X';
  }

  /**
   * Checks one header record.
   *
   * @return the record's size field, or -1 when the record is not a valid header (the tar reader
   *     then reports it as it sees it)
   */
  long check(byte[] record) throws BadInputException {
    long size;
    try {
      if (record == null || record.length < 512 || !TarUtils.verifyCheckSum(record)) {
        return -1;
      }
      size = TarUtils.parseOctalOrBinary(record, 124, 12);
    } catch (IllegalArgumentException e) {
      return -1; // a field that is not a number: the tar reader reports the header
    }
    byte type = record[TYPE];
    if (type == 'S') {
      throw sparse();
    }
    if (isMetadata(type)) {
      if (type == 'g') {
        globalBytes += size;
      }
      long held = type == 'g' ? globalBytes : size;
      if (held > InputLimits.MAX_TAR_METADATA) {
        throw new LimitExceededException(
            "Refusing "
                + archive
                + ": a "
                + (type == 'L' || type == 'K' ? "GNU long name" : "PAX header")
                + " record of "
                + held
                + " bytes; tar tools write a few hundred, and Airlock reads at most "
                + InputLimits.MAX_TAR_METADATA
                + ".",
            InputLimits.Limit.TAR_METADATA,
            InputLimits.MAX_TAR_METADATA);
      }
    } else if (++members > InputLimits.MAX_MEMBERS) {
      throw new LimitExceededException(
          "Refusing "
              + archive
              + ": it has more than "
              + InputLimits.MAX_MEMBERS
              + " members; real bundles and image archives have thousands.",
          InputLimits.Limit.MEMBERS,
          InputLimits.MAX_MEMBERS);
    }
    return size;
  }

  /** Checks the content of a PAX header; sparse files are refused before their maps are read. */
  void checkPax(byte[] content, int length) throws BadInputException {
    if (new String(content, 0, length, StandardCharsets.ISO_8859_1).contains(" GNU.sparse.")) {
      throw sparse();
    }
  }

  /**
   * The size a PAX header gives the next entry, or -1 when it gives none (records are {@code "LEN
   * key=value\n"}; a malformed one ends the scan, and the tar reader reports it).
   */
  static long paxSize(byte[] content, int length) {
    long size = -1;
    int pos = 0;
    while (pos < length) {
      int space = pos;
      while (space < length && content[space] >= '0' && content[space] <= '9') {
        space++;
      }
      if (space == pos || space >= length || content[space] != ' ' || space - pos > 9) {
        break;
      }
      int recordLength =
          Integer.parseInt(new String(content, pos, space - pos, StandardCharsets.US_ASCII));
      int end = pos + recordLength;
      if (end > length || end <= space + 1) {
        break;
      }
      String record = new String(content, space + 1, end - space - 2, StandardCharsets.UTF_8);
      if (record.startsWith("size=")) {
        try {
          size = Long.parseLong(record.substring(5));
        } catch (NumberFormatException e) {
          return -1;
        }
      }
      pos = end;
    }
    return size;
  }

  private BadInputException sparse() {
    return new BadInputException(
        "Cannot read "
            + archive
            + ": it holds a sparse file, which Airlock does not support in bundles.",
        "Repack the bundle without tar's --sparse.");
  }
}
