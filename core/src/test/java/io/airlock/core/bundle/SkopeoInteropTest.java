package io.airlock.core.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.progress.ProgressListener;
import io.airlock.core.sample.SampleBundle;
import io.airlock.core.testing.Samples;
import io.airlock.core.testing.Skopeo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images written by the real skopeo, in every container format it has, read by Airlock: the digests
 * Airlock reports are the ones {@code skopeo inspect --raw | sha256sum} gives.
 */
class SkopeoInteropTest {

  @TempDir static Path dir;
  static List<SampleBundle.SampleImage> images;
  static Path sample;

  @BeforeAll
  static void makeSample() throws Exception {
    SampleBundle.Result result = Samples.k0rdent(dir.resolve("sample"), 4, 48 * 1024, 11);
    sample = result.path();
    images = result.images();
  }

  static Bundle open(Path path) throws Exception {
    return new BundleOpener(dir.resolve("work"), ProgressListener.NONE).open(path);
  }

  static String source(SampleBundle.SampleImage image) throws Exception {
    Path archive = sample.resolve(image.archive());
    boolean docker = open(archive).format() == BundleFormat.DOCKER_ARCHIVE;
    return (docker ? "docker-archive:" : "oci-archive:") + archive;
  }

  @Test
  void ociLayoutWithManyImagesAndAMultiArchIndexWrittenBySkopeo() throws Exception {
    Path layout = dir.resolve("skopeo-layout");
    for (SampleBundle.SampleImage image : images) {
      Skopeo.copy(source(image), "oci:" + layout + ":" + image.ref(), "--all");
    }
    Bundle bundle = open(layout);
    assertEquals(BundleFormat.OCI_LAYOUT, bundle.format());
    assertEquals(images.size(), bundle.images().size());
    for (BundleImage image : bundle.images()) {
      assertEquals(Skopeo.digest("oci:" + layout + ":" + image.ref()), image.digest(), image.ref());
      assertFalse(image.refGuessed());
    }
    assertTrue(
        bundle.images().stream().anyMatch(i -> i.platforms().size() == 2),
        "the multi-arch index keeps both platforms");
  }

  @Test
  void ociArchivesWrittenBySkopeo() throws Exception {
    for (SampleBundle.SampleImage image : images) {
      Path archive = dir.resolve("oci-" + image.ref().hashCode() + ".tar");
      Skopeo.copy(source(image), "oci-archive:" + archive + ":" + image.ref(), "--all");
      Bundle bundle = open(archive);
      assertEquals(BundleFormat.OCI_ARCHIVE, bundle.format());
      assertEquals(image.ref(), bundle.images().get(0).ref());
      assertEquals(Skopeo.digest("oci-archive:" + archive), bundle.images().get(0).digest());
    }
  }

  @Test
  void dockerArchivesWrittenBySkopeo() throws Exception {
    for (SampleBundle.SampleImage image : images) {
      Path archive = dir.resolve("docker-" + image.ref().hashCode() + ".tar");
      Skopeo.copy(source(image), "docker-archive:" + archive + ":" + image.ref());
      Bundle bundle = open(archive);
      assertEquals(BundleFormat.DOCKER_ARCHIVE, bundle.format());
      BundleImage read = bundle.images().get(0);
      assertEquals(image.ref(), read.ref());
      assertEquals(Skopeo.digest("docker-archive:" + archive), read.digest());
      assertEquals(List.of("linux/amd64"), read.platforms());
    }
  }

  @Test
  void aBundleOfSkopeoArchivesInVendorDirectories() throws Exception {
    Path bundleDir = dir.resolve("k0rdent-from-skopeo");
    Files.createDirectories(bundleDir.resolve("charts"));
    Files.copy(
        sample.resolve("charts/k0rdent-enterprise_1.2.3.tar"),
        bundleDir.resolve("charts/k0rdent-enterprise_1.2.3.tar"));
    for (int i = 0; i < images.size(); i++) {
      SampleBundle.SampleImage image = images.get(i);
      Path vendor = Files.createDirectories(bundleDir.resolve("vendor" + i));
      String transport = i % 2 == 0 ? "oci-archive:" : "docker-archive:";
      Path archive = vendor.resolve("image_" + i + ".tar");
      Skopeo.copy(source(image), transport + archive + ":" + image.ref());
    }
    Bundle bundle = open(bundleDir);
    assertEquals(BundleFormat.K0RDENT, bundle.format());
    assertEquals("1.2.3", bundle.version());
    for (BundleImage image : bundle.images()) {
      String transport =
          Integer.parseInt(image.source().replaceAll(".*image_(\\d+)\\.tar", "$1")) % 2 == 0
              ? "oci-archive:"
              : "docker-archive:";
      assertEquals(Skopeo.digest(transport + bundleDir.resolve(image.source())), image.digest());
    }
  }
}
