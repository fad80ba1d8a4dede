package io.airlock.core.bundle;

import io.airlock.core.BadInputException;
import io.airlock.core.archive.ArchiveTree;
import io.airlock.core.archive.Member;
import io.airlock.core.archive.MemberPaths;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Reads a bundle described by airlock-bundle.yaml: exactly what the manifest lists. */
final class AirlockBundleReader {

  private AirlockBundleReader() {}

  static boolean hasManifest(ArchiveTree tree, String prefix) throws BadInputException {
    return tree.findFile(MemberPaths.join(prefix, BundleManifest.FILE_NAME)).isPresent();
  }

  static BundleManifest readManifest(ArchiveTree tree, String prefix) throws BadInputException {
    String path = MemberPaths.join(prefix, BundleManifest.FILE_NAME);
    Member member = tree.findFile(path).orElseThrow();
    return BundleManifest.parse(
        Documents.read(member.fileContent(), tree.where(path)), tree.where(path));
  }

  static void read(ArchiveTree tree, String prefix, BundleManifest manifest, BundleIndex index)
      throws BadInputException {
    String where = tree.where(MemberPaths.join(prefix, BundleManifest.FILE_NAME));
    for (int i = 0; i < manifest.images().size(); i++) {
      BundleManifest.ImageEntry entry = manifest.images().get(i);
      String field = where + ": images[" + i + "]";
      // Read the source on its own: only what the manifest lists joins the bundle.
      BundleIndex scratch = new BundleIndex();
      List<FoundImage> found = readSource(tree, prefix, entry.source(), field, scratch);
      FoundImage chosen = choose(found, entry, field);
      for (var digest : chosen.image().blobs()) {
        index.addBlob(digest, scratch.blob(digest));
      }
      scratch.warnings().forEach(index::warn);
      if (entry.digest() != null && !entry.digest().equals(chosen.image().digest())) {
        throw new BadInputException(
            field
                + " pins "
                + entry.ref()
                + " to "
                + entry.digest()
                + " but "
                + entry.source()
                + " holds "
                + chosen.image().digest()
                + ".",
            "The bundle is inconsistent or was altered; get it again from its vendor.");
      }
      index.addImage(chosen.image().withRef(entry.ref(), false));
    }
    for (int i = 0; i < manifest.charts().size(); i++) {
      BundleManifest.ChartEntry entry = manifest.charts().get(i);
      String path = MemberPaths.join(prefix, entry.source());
      Member member =
          tree.findFile(path)
              .orElseThrow(
                  () ->
                      new BadInputException(
                          where
                              + " lists the chart "
                              + entry.source()
                              + ", which is not in the"
                              + " bundle."));
      BundleChart chart = ChartReader.read(member.fileContent(), entry.source(), tree.where(path));
      if (entry.digest() != null && !entry.digest().equals(chart.digest())) {
        throw new BadInputException(
            where
                + ": charts["
                + i
                + "] pins "
                + entry.source()
                + " to "
                + entry.digest()
                + " but the file hashes to "
                + chart.digest()
                + ".",
            "The bundle is inconsistent or was altered; get it again from its vendor.");
      }
      index.addChart(chart);
    }
  }

  private static List<FoundImage> readSource(
      ArchiveTree tree, String prefix, String source, String field, BundleIndex index)
      throws BadInputException {
    String path =
        MemberPaths.normalize(source)
            .map(p -> MemberPaths.join(prefix, p))
            .orElseThrow(
                () ->
                    new BadInputException(
                        field + ".source '" + source + "' points outside the bundle."));
    Optional<List<FoundImage>> found;
    if (tree.isDirectory(path)) {
      found = ImageArchives.readTree(tree, path, source, index);
    } else {
      Optional<Member> file = tree.findFile(path);
      if (file.isEmpty()) {
        throw new BadInputException(field + ".source " + source + " is not in the bundle.");
      }
      found = ImageArchives.readArchive(tree, file.get(), source, index);
    }
    return found.orElseThrow(
        () ->
            new BadInputException(
                field
                    + ".source "
                    + source
                    + " is not an oci-archive, docker-archive or OCI layout."));
  }

  private static FoundImage choose(
      List<FoundImage> found, BundleManifest.ImageEntry entry, String field)
      throws BadInputException {
    String select = entry.select();
    if (select != null) {
      return first(
          found,
          f -> select.equals(f.recordedName()) || select.equals(f.image().ref()),
          field
              + ": "
              + entry.source()
              + " has no image named '"
              + select
              + "'; it has "
              + names(found)
              + ".");
    }
    if (found.size() == 1) {
      return found.get(0);
    }
    return first(
        found,
        f -> f.image().ref().equals(entry.ref()),
        field
            + ": "
            + entry.source()
            + " holds "
            + found.size()
            + " images; say which with 'select:' ("
            + names(found)
            + ").");
  }

  private static FoundImage first(
      List<FoundImage> found, Predicate<FoundImage> wanted, String message)
      throws BadInputException {
    return found.stream()
        .filter(wanted)
        .findFirst()
        .orElseThrow(() -> new BadInputException(message));
  }

  private static String names(List<FoundImage> found) {
    return String.join(
        ", ",
        found.stream()
            .map(f -> f.recordedName() != null ? f.recordedName() : f.image().ref())
            .toList());
  }
}
