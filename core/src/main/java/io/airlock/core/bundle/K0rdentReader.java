package io.airlock.core.bundle;

import io.airlock.core.BadInputException;
import io.airlock.core.archive.ArchiveTree;
import io.airlock.core.archive.Member;
import io.airlock.core.archive.MemberPaths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Reads a k0rdent-style air-gap bundle: Helm charts in {@code charts/} and, in vendor directories,
 * image archives ({@code name_tag.tar}) or OCI layouts. The product version is the version of the
 * {@code k0rdent-enterprise} chart.
 */
final class K0rdentReader {

  static final String CHARTS = "charts";
  static final String PRODUCT_CHART = "k0rdent-enterprise";

  private K0rdentReader() {}

  /** True when the tree looks like such a bundle: a charts/ directory or vendor archives. */
  static boolean isK0rdent(ArchiveTree tree, String prefix) {
    if (tree.isDirectory(MemberPaths.join(prefix, CHARTS))) {
      return true;
    }
    for (Member vendor : tree.children(prefix)) {
      if (tree.isDirectory(vendor.path())) {
        for (Member m : tree.children(vendor.path())) {
          if (m.fileName().endsWith(".tar") || OciLayoutReader.isLayoutDir(tree, m.path())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  static List<FoundImage> read(ArchiveTree tree, String prefix, BundleIndex index)
      throws BadInputException {
    readCharts(tree, prefix, index);
    List<FoundImage> images = new ArrayList<>();
    for (Member vendor : tree.children(prefix)) {
      if (!tree.isDirectory(vendor.path())
          || vendor.path().equals(MemberPaths.join(prefix, CHARTS))) {
        continue;
      }
      readVendorDirectory(tree, vendor.path(), prefix, index, images);
    }
    return images;
  }

  /** The version of the k0rdent-enterprise chart, the product version of such a bundle. */
  static Optional<String> productVersion(List<BundleChart> charts) {
    return charts.stream()
        .filter(c -> c.name().equals(PRODUCT_CHART))
        .map(c -> c.version() != null ? c.version() : c.appVersion())
        .findFirst();
  }

  private static void readCharts(ArchiveTree tree, String prefix, BundleIndex index)
      throws BadInputException {
    String charts = MemberPaths.join(prefix, CHARTS);
    for (Member m : tree.children(charts)) {
      if (tree.isDirectory(m.path())) {
        continue;
      }
      Optional<Member> file = tree.findFile(m.path());
      if (file.isEmpty() || !ChartReader.looksLikeChart(m.fileName())) {
        index.warn("Ignored " + relative(prefix, m.path()) + ": not a Helm chart archive.");
        continue;
      }
      index.addChart(
          ChartReader.read(
              file.get().fileContent(), relative(prefix, m.path()), tree.where(m.path())));
    }
  }

  /** Reads a vendor directory and those below it, in name order; iterative, as trees are deep. */
  private static void readVendorDirectory(
      ArchiveTree tree, String top, String prefix, BundleIndex index, List<FoundImage> images)
      throws BadInputException {
    Deque<String> pending = new ArrayDeque<>(List.of(top));
    while (!pending.isEmpty()) {
      String dir = pending.pop();
      if (OciLayoutReader.isLayoutDir(tree, dir)) {
        images.addAll(OciLayoutReader.read(tree, dir, relative(prefix, dir), index));
        continue;
      }
      List<String> below = new ArrayList<>();
      for (Member m : tree.children(dir)) {
        String source = relative(prefix, m.path());
        if (tree.isDirectory(m.path())) {
          below.add(m.path());
          continue;
        }
        Optional<Member> file = tree.findFile(m.path());
        if (file.isEmpty() || !m.fileName().endsWith(".tar")) {
          continue;
        }
        Optional<List<FoundImage>> found =
            ImageArchives.readArchive(tree, file.get(), source, index);
        if (found.isPresent()) {
          images.addAll(found.get());
        } else {
          index.warn("Ignored " + source + ": not an oci-archive or docker-archive.");
        }
      }
      for (int i = below.size() - 1; i >= 0; i--) {
        pending.push(below.get(i));
      }
    }
  }

  private static String relative(String prefix, String path) {
    return prefix.isEmpty() ? path : path.substring(prefix.length() + 1);
  }
}
