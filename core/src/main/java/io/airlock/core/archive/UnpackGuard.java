package io.airlock.core.archive;

import io.airlock.core.BadInputException;
import io.airlock.core.NotEnoughSpaceException;
import io.airlock.core.Sizes;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Keeps an unpack inside its {@link InputLimits}: watches the decompressed stream for an expansion
 * or a size no real bundle reaches, and the work directory's disk for its reserve before each
 * member and while it is written. A refusal travels through the stream readers as an {@link
 * InputRefusal}.
 */
final class UnpackGuard {

  /** How often, in bytes written, the free space is looked at again. */
  private static final long SPACE_CHECK_EVERY = 16L << 20;

  /** The whole archive is judged later than one member, so a member's bomb is named as such. */
  private static final long ARCHIVE_RATIO_GRACE = 4 * InputLimits.RATIO_GRACE;

  private final Path archive;
  private final Path workDir;
  private final FileStore store;
  private final InputLimits limits;
  private final LongSupplier compressedRead;
  private final long archiveSize;
  private long decompressed;
  private @Nullable String member;
  private long memberStart;
  private long memberCompressedStart;

  UnpackGuard(Path archive, Path workDir, InputLimits limits, LongSupplier compressedRead)
      throws IOException {
    this.archive = archive;
    this.workDir = workDir;
    this.store = Files.getFileStore(workDir);
    this.limits = limits;
    this.compressedRead = compressedRead;
    this.archiveSize = Files.size(archive);
  }

  /** Refuses up front when even the estimate of the unpacked size does not fit. */
  void checkEstimate(long estimate) throws IOException, BadInputException {
    long free = store.getUsableSpace();
    if (free < estimate + limits.diskReserveBytes()) {
      throw notEnoughSpace(
          "Not enough free space to unpack "
              + archive
              + " into "
              + workDir
              + ": it needs about "
              + Sizes.human(estimate),
          estimate,
          free);
    }
  }

  /** The decompressed tar stream, counted and checked on every read. */
  InputStream watch(InputStream decompressedStream) {
    return new FilterInputStream(decompressedStream) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          count(1);
        }
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
          count(n);
        }
        return n;
      }

      @Override
      public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        count(skipped);
        return skipped;
      }
    };
  }

  /**
   * Starts a member: its expansion is judged on its own from here, and when it will be written, the
   * disk must hold it and keep the reserve free.
   */
  void startMember(String path, long bytesToWrite) throws IOException {
    member = path;
    memberStart = decompressed;
    memberCompressedStart = compressedRead.getAsLong();
    if (bytesToWrite > 0) {
      long free = store.getUsableSpace();
      if (free < bytesToWrite + limits.diskReserveBytes()) {
        throw new InputRefusal(
            notEnoughSpace(
                "Not enough free space in "
                    + workDir
                    + " to unpack "
                    + archive
                    + ": member "
                    + path
                    + " needs "
                    + Sizes.human(bytesToWrite),
                bytesToWrite,
                free));
      }
    }
  }

  /** The refusal for a disk that filled up under a member anyway (other writers, overhead). */
  InputRefusal filledUp(String path, long bytes) throws IOException {
    return new InputRefusal(
        notEnoughSpace(
            "The disk of "
                + workDir
                + " filled up while unpacking member "
                + path
                + " of "
                + archive
                + ", which needs "
                + Sizes.human(bytes),
            bytes,
            store.getUsableSpace()));
  }

  /** A stream to the disk that stops before the reserve is used, whoever else fills the disk. */
  OutputStream watch(OutputStream out) {
    return new FilterOutputStream(out) {
      private long sinceCheck;

      @Override
      public void write(byte[] buffer, int offset, int length) throws IOException {
        out.write(buffer, offset, length);
        sinceCheck += length;
        if (sinceCheck >= SPACE_CHECK_EVERY) {
          sinceCheck = 0;
          long free = store.getUsableSpace();
          if (free < limits.diskReserveBytes()) {
            throw new InputRefusal(
                notEnoughSpace(
                    "The disk of "
                        + workDir
                        + " filled up while unpacking member "
                        + member
                        + " of "
                        + archive,
                    0,
                    free));
          }
        }
      }
    };
  }

  private void count(long n) throws InputRefusal {
    decompressed += n;
    if (decompressed > limits.maxUnpackedBytes()) {
      throw new InputRefusal(
          new LimitExceededException(
              "Refusing "
                  + archive
                  + ": it unpacks to more than "
                  + Sizes.human(limits.maxUnpackedBytes())
                  + " (reached inside member "
                  + member
                  + "), more than any real bundle holds.",
              InputLimits.Limit.UNPACKED_SIZE,
              limits.maxUnpackedBytes()));
    }
    long compressed = compressedRead.getAsLong();
    long memberBytes = decompressed - memberStart;
    if (memberBytes >= InputLimits.RATIO_GRACE
        && memberBytes
            > limits.maxExpansionRatio() * Math.max(1, compressed - memberCompressedStart)) {
      throw tooExpanding(
          "member " + member,
          "it unpacked to "
              + Sizes.human(memberBytes)
              + " so far; the archive is "
              + Sizes.human(archiveSize));
    }
    if (decompressed >= ARCHIVE_RATIO_GRACE
        && decompressed > limits.maxExpansionRatio() * Math.max(1, compressed)) {
      throw tooExpanding(
          "the archive",
          Sizes.human(decompressed)
              + " unpacked from its first "
              + Sizes.human(compressed)
              + ", at member "
              + member);
    }
  }

  private InputRefusal tooExpanding(String what, String facts) {
    return new InputRefusal(
        new LimitExceededException(
            String.format(
                Locale.ROOT,
                "Refusing %s: %s expands more than %.0f times (%s). No real bundle does, as the"
                    + " images in it are compressed already; this looks like a decompression bomb.",
                archive,
                what,
                limits.maxExpansionRatio(),
                facts),
            InputLimits.Limit.EXPANSION_RATIO,
            limits.maxExpansionRatio()));
  }

  private NotEnoughSpaceException notEnoughSpace(String what, long bytes, long free) {
    return new NotEnoughSpaceException(
        what
            + ", "
            + Sizes.human(free)
            + " is free, and "
            + Sizes.human(limits.diskReserveBytes())
            + " is kept free (the reserve).",
        workDir,
        bytes + limits.diskReserveBytes(),
        free);
  }
}
