package io.airlock.core.verify;

import io.airlock.core.BadInputException;
import io.airlock.core.archive.ArchiveTree;
import io.airlock.core.archive.DirectoryTree;
import io.airlock.core.archive.FileSlice;
import io.airlock.core.archive.Member;
import io.airlock.core.archive.TarTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Names where a blob's bytes are inside a bundle, e.g. {@code vendor/acme/app.tar >
 * blobs/sha256/ab12...}, for the message about a bad blob. Only run when something is wrong, so it
 * may re-read the archive headers.
 */
final class BlobLocator {

  private static final int MAX_DEPTH = 4;

  private BlobLocator() {}

  static @Nullable String locate(Path bundleRoot, FileSlice slice) {
    try {
      ArchiveTree tree =
          Files.isDirectory(bundleRoot) ? DirectoryTree.open(bundleRoot) : TarTree.open(bundleRoot);
      String found = locateIn(tree, slice, "", 0);
      if (found != null) {
        return found;
      }
    } catch (BadInputException | RuntimeException e) {
      // fall through to the plain description
    }
    return slice.file() + " at byte " + slice.offset();
  }

  private static @Nullable String locateIn(
      ArchiveTree tree, FileSlice slice, String prefix, int depth) throws BadInputException {
    Path wanted = slice.file().toAbsolutePath().normalize();
    for (Member member : tree.members()) {
      FileSlice m = member.content();
      if (!member.isFile() || m == null || !m.file().toAbsolutePath().normalize().equals(wanted)) {
        continue;
      }
      long start = m.offset();
      long end = m.offset() + m.size();
      if (slice.offset() < start || slice.offset() + slice.size() > end) {
        continue;
      }
      if (slice.offset() == start && slice.size() == m.size()) {
        return prefix + member.path();
      }
      if (depth < MAX_DEPTH && startsLikeTar(m)) {
        TarTree inner = TarTree.open(m, member.path(), tree.label());
        String found = locateIn(inner, slice, prefix + member.path() + " > ", depth + 1);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static boolean startsLikeTar(FileSlice slice) {
    try {
      return TarTree.startsLikeTar(slice);
    } catch (IOException e) {
      return false;
    }
  }
}
