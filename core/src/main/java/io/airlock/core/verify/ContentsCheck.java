package io.airlock.core.verify;

import io.airlock.core.archive.ContentSource;
import io.airlock.core.archive.FileSlice;
import io.airlock.core.archive.InlineContent;
import io.airlock.core.bundle.Bundle;
import io.airlock.core.bundle.BundleChart;
import io.airlock.core.bundle.BundleImage;
import io.airlock.core.digest.Digest;
import io.airlock.core.progress.ProgressListener;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Re-hashes every blob of an opened bundle (manifests, configs, layers, chart archives) against its
 * digest, and checks every image's references are present. The opener already checked presence and
 * sizes while indexing; this proves the bytes.
 *
 * <p>Blobs lying in the file a signature covers are hashed during that same pass ({@link
 * #addRangesTo}); the rest are hashed one file at a time, each file read once.
 */
public final class ContentsCheck {

  /** A blob whose bytes do not hash to its digest. */
  public record BadBlob(String digest, String actual, String owner, @Nullable String path) {}

  /** What the check found. */
  public record Outcome(int blobs, long bytes, List<BadBlob> bad, List<String> missing) {
    public Outcome {
      bad = List.copyOf(bad);
      missing = List.copyOf(missing);
    }

    public boolean passed() {
      return bad.isEmpty() && missing.isEmpty();
    }
  }

  private record Target(Digest digest, ContentSource source, String owner) {}

  private final Bundle bundle;
  private final Map<Digest, Target> targets = new LinkedHashMap<>();
  private final Map<FilePass.Range, Target> shared = new LinkedHashMap<>();

  public ContentsCheck(Bundle bundle) {
    this.bundle = bundle;
    for (BundleImage image : bundle.images()) {
      for (Digest d : image.blobs()) {
        bundle
            .blob(d)
            .ifPresent(
                source ->
                    targets.putIfAbsent(
                        d,
                        new Target(
                            d,
                            source,
                            "image "
                                + image.ref()
                                + (d.equals(image.digest()) ? " (its manifest)" : ""))));
      }
    }
    for (BundleChart chart : bundle.charts()) {
      targets.putIfAbsent(
          chart.digest(),
          new Target(
              chart.digest(), chart.content(), "chart " + chart.name() + " " + chart.version()));
    }
    for (Map.Entry<Digest, ContentSource> e : bundle.blobs().entrySet()) {
      targets.putIfAbsent(e.getKey(), new Target(e.getKey(), e.getValue(), "bundle blob"));
    }
  }

  /** Registers the blobs whose bytes lie in {@code file} with a pass over that file. */
  public void addRangesTo(FilePass pass, Path file) {
    Path wanted = file.toAbsolutePath().normalize();
    for (Target t : targets.values()) {
      if (t.source() instanceof FileSlice slice
          && slice.file().toAbsolutePath().normalize().equals(wanted)) {
        FilePass.Range range =
            new FilePass.Range(
                slice.offset(), slice.size(), t.digest().algorithm().newMessageDigest());
        shared.put(range, t);
        pass.range(range);
      }
    }
  }

  /**
   * Hashes what the shared pass did not cover and compares everything.
   *
   * @param sharedResult the result of the pass {@link #addRangesTo} joined, or null if none ran
   */
  public Outcome finish(FilePass.@Nullable Result sharedResult, ProgressListener listener)
      throws IOException {
    Map<Digest, byte[]> computed = new LinkedHashMap<>();
    if (sharedResult != null) {
      shared.forEach((range, t) -> computed.put(t.digest(), sharedResult.ranges().get(range)));
    }
    Map<Path, List<Target>> byFile = new TreeMap<>();
    for (Target t : targets.values()) {
      if (computed.containsKey(t.digest())) {
        continue;
      }
      if (t.source() instanceof FileSlice slice) {
        byFile.computeIfAbsent(slice.file(), f -> new ArrayList<>()).add(t);
      } else {
        computed.put(t.digest(), hashInline(t));
      }
    }
    for (Map.Entry<Path, List<Target>> e : byFile.entrySet()) {
      FilePass pass = new FilePass(e.getKey(), "verify contents", listener);
      Map<FilePass.Range, Target> ranges = new LinkedHashMap<>();
      for (Target t : e.getValue()) {
        FileSlice slice = (FileSlice) t.source();
        FilePass.Range r =
            new FilePass.Range(
                slice.offset(), slice.size(), t.digest().algorithm().newMessageDigest());
        ranges.put(r, t);
        pass.range(r);
      }
      FilePass.Result result = pass.run();
      ranges.forEach((r, t) -> computed.put(t.digest(), result.ranges().get(r)));
    }
    List<BadBlob> bad = new ArrayList<>();
    long bytes = 0;
    for (Target t : targets.values()) {
      bytes += t.source().size();
      byte[] hash = computed.get(t.digest());
      String actual = hash == null ? "(not read)" : HexFormat.of().formatHex(hash);
      if (!actual.equals(t.digest().hex())) {
        bad.add(
            new BadBlob(
                t.digest().toString(),
                t.digest().algorithm().ociName() + ":" + actual,
                t.owner(),
                where(t.source())));
      }
    }
    return new Outcome(targets.size(), bytes, bad, missingReferences());
  }

  private List<String> missingReferences() {
    List<String> missing = new ArrayList<>();
    for (BundleImage image : bundle.images()) {
      for (Digest d : image.blobs()) {
        if (bundle.blob(d).isEmpty()) {
          missing.add("image " + image.ref() + " refers to " + d + ", which the bundle lacks");
        }
      }
    }
    return missing;
  }

  private @Nullable String where(ContentSource source) {
    if (source instanceof FileSlice slice) {
      Path root = bundle.unpackedTo() != null ? bundle.unpackedTo() : bundle.path();
      return BlobLocator.locate(root, slice);
    }
    return "(a document Airlock made from the archive's metadata)";
  }

  private static byte[] hashInline(Target t) {
    MessageDigest md = t.digest().algorithm().newMessageDigest();
    return md.digest(((InlineContent) t.source()).bytes());
  }
}
