package io.airlock.core.archive;

import io.airlock.core.BadInputException;
import io.airlock.core.digest.Digest;
import io.airlock.core.digest.DigestAlgorithm;
import io.airlock.core.digest.Hashing;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.io.input.CloseShieldInputStream;
import org.apache.commons.io.input.TeeInputStream;

/**
 * Writes the regular files of a compressed bundle as they stream past: blobs, and the blobs of
 * image archives inside the bundle, are checked against their digests on the way; files no bundle
 * reader can use are not written at all.
 */
final class MemberWriter {

  static final Pattern BLOB_PATH =
      Pattern.compile("(?:^|.*/)blobs/(sha256|sha512)/([0-9a-f]{64}|[0-9a-f]{128})$");

  /** Files up to this size are written whatever they hold: documents, signatures, notes. */
  static final long ALWAYS_WRITTEN = InputLimits.MAX_DOCUMENT;

  private static final int IO_BUFFER = 1 << 20;

  private final Path archive;
  private final UnpackGuard guard;

  MemberWriter(Path archive, UnpackGuard guard) {
    this.archive = archive;
    this.guard = guard;
  }

  /**
   * True for a file a bundle reader may need: a small document, a blob (checked by digest), or
   * anything that starts as a tar, gzip or zstd stream does (image archives, charts, layers). A
   * large file of any other kind is never read, so it is not written.
   */
  static boolean usable(String path, long size, byte[] head) {
    if (size <= ALWAYS_WRITTEN || blobDigest(path).isPresent()) {
      return true;
    }
    return Compression.isTarHeader(head) || Compression.of(head) != Compression.NONE;
  }

  /**
   * Writes the current member of {@code tar} to {@code destination}, or only reads past it.
   *
   * @return false when the member was not written because nothing can use it
   */
  boolean write(TarArchiveInputStream tar, String path, long size, Path destination)
      throws IOException, BadInputException {
    byte[] head = tar.readNBytes(512);
    if (!usable(path, size, head)) {
      guard.startMember(path, 0);
      tar.transferTo(OutputStream.nullOutputStream());
      return false;
    }
    guard.startMember(path, size);
    try {
      writeChecked(tar, path, head, destination);
    } catch (IOException e) {
      if (!(e instanceof InputRefusal)
          && String.valueOf(e.getMessage()).contains("No space left")) {
        throw guard.filledUp(path, size);
      }
      throw e;
    }
    return true;
  }

  private void writeChecked(TarArchiveInputStream tar, String path, byte[] head, Path destination)
      throws IOException, BadInputException {
    try (FileChannel channel =
            FileChannel.open(destination, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        OutputStream out = guard.watch(Channels.newOutputStream(channel))) {
      // SequenceInputStream closes each stream it finishes: the tar must stay open.
      InputStream content =
          new SequenceInputStream(new ByteArrayInputStream(head), CloseShieldInputStream.wrap(tar));
      Optional<Digest> blob = blobDigest(path);
      if (blob.isPresent()) {
        Hashing.Result result = Hashing.copy(content, out, blob.get().algorithm());
        checkBlob(blob.get(), result.digest(), path, archive.toString());
      } else if (path.endsWith(".tar") && Compression.isTarHeader(head)) {
        // An image archive: read it as a tar while it streams to disk, checking its blobs.
        InputStream rest = new TeeInputStream(CloseShieldInputStream.wrap(tar), out, false);
        out.write(head);
        verifyNestedBlobs(
            new SequenceInputStream(new ByteArrayInputStream(head), rest), path, archive);
        rest.transferTo(OutputStream.nullOutputStream());
      } else {
        copy(content, out);
      }
    }
  }

  /** Copies in large chunks; stops promptly when the thread is interrupted. */
  private static void copy(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[IO_BUFFER];
    int n;
    while ((n = in.read(buffer)) > 0) {
      out.write(buffer, 0, n);
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedIOException("interrupted");
      }
    }
  }

  private static void verifyNestedBlobs(InputStream nestedTar, String outerPath, Path archive)
      throws IOException, BadInputException {
    TarArchiveInputStream nested =
        new BoundedTarInputStream(nestedTar, outerPath + " in " + archive);
    TarArchiveEntry entry;
    while ((entry = nested.getNextEntry()) != null) {
      Optional<String> name = MemberPaths.normalize(entry.getName());
      if (name.isEmpty()) {
        throw new BadInputException(
            "Refusing "
                + archive
                + ": member '"
                + entry.getName()
                + "' of "
                + outerPath
                + " points outside the archive.");
      }
      Optional<Digest> blob = blobDigest(name.get());
      if (entry.isFile() && blob.isPresent()) {
        Hashing.Result result = Hashing.hash(nested, blob.get().algorithm());
        checkBlob(blob.get(), result.digest(), name.get(), outerPath + " in " + archive);
      }
    }
  }

  /**
   * The digest a path names when it is a blob of a layout ({@code blobs/ALG/HEX}, with as many hex
   * digits as ALG has); other paths, however close, are ordinary files.
   */
  static Optional<Digest> blobDigest(String path) {
    Matcher blob = BLOB_PATH.matcher(path);
    if (!blob.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Digest(DigestAlgorithm.fromOciName(blob.group(1)).orElseThrow(), blob.group(2)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static void checkBlob(Digest expected, Digest actual, String member, String where)
      throws BadInputException {
    if (!expected.equals(actual)) {
      throw new BadInputException(
          "Blob "
              + expected
              + " (member "
              + member
              + " of "
              + where
              + ") does not match its digest: its content hashes to "
              + actual
              + ".",
          "The bundle is damaged or was altered; get it again from its vendor.");
    }
  }
}
