package io.airlock.core.bundle;

import io.airlock.core.BadInputException;
import io.airlock.core.archive.ContentSource;
import io.airlock.core.digest.Digest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Collects what the readers find while a bundle is opened; refuses conflicting refs. */
final class BundleIndex {

  private final Map<Digest, ContentSource> blobs = new HashMap<>();
  private final Map<String, BundleImage> imagesByRef = new LinkedHashMap<>();
  private final List<BundleChart> charts = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  /** Records where a blob's bytes are; the first place found wins, all hold the same bytes. */
  void addBlob(Digest digest, ContentSource source) {
    blobs.putIfAbsent(digest, source);
  }

  /** Where a blob added before is. */
  ContentSource blob(Digest digest) {
    return Objects.requireNonNull(blobs.get(digest), () -> "no blob " + digest);
  }

  void addImage(BundleImage image) throws BadInputException {
    BundleImage existing = imagesByRef.get(image.ref());
    if (existing == null) {
      imagesByRef.put(image.ref(), image);
    } else if (!existing.digest().equals(image.digest())) {
      throw new BadInputException(
          "Two different images claim the name "
              + image.ref()
              + ": "
              + existing.digest()
              + " in "
              + existing.source()
              + " and "
              + image.digest()
              + " in "
              + image.source()
              + ".",
          "The bundle is inconsistent; ask its maker which one is meant.");
    }
  }

  void addChart(BundleChart chart) {
    charts.add(chart);
  }

  void warn(String warning) {
    warnings.add(warning);
  }

  Map<Digest, ContentSource> blobs() {
    return blobs;
  }

  List<BundleImage> images() {
    return new ArrayList<>(imagesByRef.values());
  }

  List<BundleChart> charts() {
    return charts;
  }

  List<String> warnings() {
    return warnings;
  }
}
