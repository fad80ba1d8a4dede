package io.airlock.core.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.archive.Compression;
import io.airlock.core.archive.FileSlice;
import io.airlock.core.digest.Digest;
import io.airlock.core.digest.DigestAlgorithm;
import io.airlock.core.digest.Hashing;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.sample.SampleBundle;
import io.airlock.core.testing.Samples;
import io.airlock.core.testing.Trees;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bundle format opens to the same images, charts and digests. */
class BundleFormatsTest {

  @TempDir static Path dir;
  static SampleBundle.Result sample;
  static Bundle reference;

  @BeforeAll
  static void makeSample() throws Exception {
    sample = Samples.k0rdent(dir.resolve("k0rdent"), 5, 64 * 1024, 7);
    reference = open(dir.resolve("k0rdent"));
  }

  static Bundle open(Path path) throws Exception {
    return new BundleOpener(dir.resolve("work"), ProgressListener.NONE).open(path);
  }

  static Map<String, Digest> digestsByRef(Bundle b) {
    return b.images().stream().collect(Collectors.toMap(BundleImage::ref, BundleImage::digest));
  }

  @Test
  void k0rdentDirectoryListsEveryImageChartAndTheProductVersion() {
    assertEquals(BundleFormat.K0RDENT, reference.format());
    assertEquals(SampleBundle.PRODUCT_VERSION, reference.version());
    assertEquals(
        sample.images().stream()
            .collect(
                Collectors.toMap(SampleBundle.SampleImage::ref, SampleBundle.SampleImage::digest)),
        digestsByRef(reference));
    assertEquals(
        List.of("demo-app", "demo-db", "k0rdent-enterprise"),
        reference.charts().stream().map(BundleChart::name).toList());
    BundleImage multiArch =
        reference.images().stream().filter(i -> i.platforms().size() > 1).findFirst().orElseThrow();
    assertEquals(List.of("linux/amd64", "linux/arm64"), multiArch.platforms());
    assertTrue(reference.images().stream().noneMatch(BundleImage::refGuessed));
    assertTrue(reference.sharedBytes() > 0, "base layers are shared between images");
    assertTrue(reference.warnings().isEmpty(), reference.warnings().toString());
    assertNull(reference.unpackedTo());
  }

  @Test
  void sizesCountEachDistinctBlobOnce() {
    long distinct =
        reference.images().stream()
            .flatMap(i -> i.blobs().stream())
            .distinct()
            .mapToLong(d -> reference.blobs().get(d).size())
            .sum();
    long charts = reference.charts().stream().mapToLong(BundleChart::sizeBytes).sum();
    assertEquals(distinct + charts, reference.sizeBytes());
    long perImage = reference.images().stream().mapToLong(BundleImage::sizeBytes).sum();
    assertEquals(perImage - distinct, reference.sharedBytes());
  }

  @Test
  void uncompressedTarIsIndexedInPlaceAtMemberOffsets() throws Exception {
    Path tar = Trees.pack(dir.resolve("k0rdent"), dir.resolve("bundle.tar"), Compression.NONE);
    Bundle bundle = open(tar);
    assertEquals(BundleFormat.K0RDENT, bundle.format());
    assertEquals(digestsByRef(reference), digestsByRef(bundle));
    assertNull(bundle.unpackedTo(), "an uncompressed tar is never copied");
    // Every blob is a slice of the bundle file itself, and hashes to its digest.
    for (var e : bundle.blobs().entrySet()) {
      if (!(e.getValue() instanceof FileSlice slice)) {
        continue; // a manifest synthesised for a docker-archive
      }
      assertEquals(tar, slice.file());
      assertTrue(slice.offset() > 0);
      try (InputStream in = slice.open()) {
        assertEquals(e.getKey(), Hashing.hash(in, DigestAlgorithm.SHA256).digest());
      }
    }
  }

  @Test
  void aSingleTopDirectoryInsideTheArchiveIsSteppedInto() throws Exception {
    Path staged = dir.resolve("staged");
    Trees.copyTree(dir.resolve("k0rdent"), staged.resolve("airgap-bundle-1.2.3"));
    Bundle bundle = open(Trees.pack(staged, dir.resolve("nested-top.tar"), Compression.NONE));
    assertEquals(digestsByRef(reference), digestsByRef(bundle));
    assertEquals("1.2.3", bundle.version());
  }

  @Test
  void gzipAndZstdBundlesAreUnpackedOnceAndReused() throws Exception {
    for (Compression c : List.of(Compression.GZIP, Compression.ZSTD)) {
      Path archive = Trees.pack(dir.resolve("k0rdent"), dir.resolve("bundle-" + c + ".tar.x"), c);
      Bundle first = open(archive);
      assertEquals(digestsByRef(reference), digestsByRef(first), c.toString());
      assertNotNull(first.unpackedTo());
      long mtime = Files.getLastModifiedTime(first.unpackedTo()).toMillis();
      Bundle second = open(archive);
      assertEquals(first.unpackedTo(), second.unpackedTo());
      assertEquals(mtime, Files.getLastModifiedTime(second.unpackedTo()).toMillis(), "reused");
      try (var names = Files.list(dir.resolve("work"))) {
        assertTrue(names.noneMatch(p -> p.toString().endsWith(".partial")));
      }
    }
  }

  @Test
  void ociLayoutDirectoryAndTarCarryImagesAndChartArtifacts() throws Exception {
    SampleBundle.Result layout = Samples.ociLayout(dir.resolve("layout"), 5, 64 * 1024, 7);
    Bundle bundle = open(layout.path());
    assertEquals(BundleFormat.OCI_LAYOUT, bundle.format());
    assertEquals(
        layout.images().stream()
            .collect(
                Collectors.toMap(SampleBundle.SampleImage::ref, SampleBundle.SampleImage::digest)),
        digestsByRef(bundle));
    // Images stored as oci-archives in the k0rdent sample are the very same manifests.
    assertEquals(
        digestsByRef(reference).get("docker.io/airlock-samples/controller:v1.0.0"),
        digestsByRef(bundle).get("docker.io/airlock-samples/controller:v1.0.0"));
    assertEquals(3, bundle.charts().size());
    assertTrue(bundle.charts().stream().allMatch(c -> c.ociManifestIfAny().isPresent()));
    assertEquals("1.2.3", bundle.version(), "from the k0rdent-enterprise chart artifact");

    Bundle archived = open(Trees.pack(layout.path(), dir.resolve("layout.tar"), Compression.NONE));
    assertEquals(BundleFormat.OCI_ARCHIVE, archived.format());
    assertEquals(digestsByRef(bundle), digestsByRef(archived));
  }

  @Test
  void singleImageArchivesOpenAsBundles() throws Exception {
    Map<String, SampleBundle.SampleImage> bySource =
        sample.images().stream()
            .collect(Collectors.toMap(SampleBundle.SampleImage::archive, Function.identity()));
    for (var e : bySource.entrySet()) {
      Bundle one = open(dir.resolve("k0rdent").resolve(e.getKey()));
      assertEquals(1, one.images().size());
      assertEquals(e.getValue().ref(), one.images().get(0).ref());
      assertEquals(e.getValue().digest(), one.images().get(0).digest());
      assertTrue(
          one.format() == BundleFormat.OCI_ARCHIVE || one.format() == BundleFormat.DOCKER_ARCHIVE);
      assertFalse(one.images().get(0).refGuessed());
    }
    assertTrue(
        bySource.keySet().stream()
            .anyMatch(
                s -> {
                  try {
                    return open(dir.resolve("k0rdent").resolve(s)).format()
                        == BundleFormat.DOCKER_ARCHIVE;
                  } catch (Exception ex) {
                    throw new AssertionError(ex);
                  }
                }),
        "the sample has docker-archives too");
  }

  @Test
  void sampleBundlesAreDeterministic() throws Exception {
    SampleBundle.Result again = Samples.k0rdent(dir.resolve("again"), 5, 64 * 1024, 7);
    assertEquals(sample.images(), again.images().stream().map(i -> i).toList());
    SampleBundle.Result other = Samples.k0rdent(dir.resolve("other-seed"), 5, 64 * 1024, 8);
    assertFalse(
        sample.images().get(1).digest().equals(other.images().get(1).digest()),
        "another seed gives other content");
  }
}
