package io.airlock.core.bundle;

import io.airlock.core.archive.ContentSource;
import io.airlock.core.digest.Digest;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An opened, indexed bundle: what it carries and where each blob's bytes are. Nothing is loaded
 * into memory but the index; content is read from the bundle on demand.
 *
 * @param path the bundle as the user named it
 * @param unpackedTo where a compressed bundle was unpacked, or null when read in place
 * @param name the bundle's name from airlock-bundle.yaml, or null
 * @param version the product version, or null when the bundle does not say
 * @param manifest the bundle's airlock-bundle.yaml, or null when it has none
 */
public record Bundle(
    Path path,
    @Nullable Path unpackedTo,
    BundleFormat format,
    @Nullable String name,
    @Nullable String version,
    @Nullable BundleManifest manifest,
    List<BundleImage> images,
    List<BundleChart> charts,
    Map<Digest, ContentSource> blobs,
    List<String> warnings) {

  public Bundle {
    images = List.copyOf(images);
    charts = List.copyOf(charts);
    blobs = Map.copyOf(blobs);
    warnings = List.copyOf(warnings);
  }

  public Optional<String> versionIfAny() {
    return Optional.ofNullable(version);
  }

  public Optional<BundleManifest> manifestIfAny() {
    return Optional.ofNullable(manifest);
  }

  public Optional<ContentSource> blob(Digest digest) {
    return Optional.ofNullable(blobs.get(digest));
  }

  /** Every distinct blob and chart archive counted once. */
  public long sizeBytes() {
    Set<Digest> counted = new HashSet<>();
    long total = 0;
    for (BundleImage image : images) {
      for (Digest d : image.blobs()) {
        if (counted.add(d)) {
          total += Objects.requireNonNull(blobs.get(d)).size();
        }
      }
    }
    for (BundleChart chart : charts) {
      if (counted.add(chart.digest())) {
        total += chart.sizeBytes();
      }
    }
    return total;
  }

  /** Bytes that several images have in common: what a per-image copy would move twice. */
  public long sharedBytes() {
    long perImage = images.stream().mapToLong(BundleImage::sizeBytes).sum();
    Set<Digest> distinct = new HashSet<>();
    long unique = 0;
    for (BundleImage image : images) {
      for (Digest d : image.blobs()) {
        if (distinct.add(d)) {
          unique += Objects.requireNonNull(blobs.get(d)).size();
        }
      }
    }
    return perImage - unique;
  }
}
