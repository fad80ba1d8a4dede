package io.airlock.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.archive.FileSlice;
import io.airlock.core.bundle.Bundle;
import io.airlock.core.bundle.BundleImage;
import io.airlock.core.bundle.BundleOpener;
import io.airlock.core.digest.Digest;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.progress.StepProgress;
import io.airlock.core.sample.SampleBundle;
import io.airlock.core.testing.Openssl;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --contents}: every blob of a real sample bundle re-hashed, alone or in the same read as
 * the bundle's signature; one flipped byte is named by image and path.
 */
class ContentsVerificationTest {

  @TempDir static Path dir;
  static Openssl.KeyPair key;

  @BeforeAll
  static void key() {
    key = Openssl.generate(Openssl.Kind.P256, dir);
  }

  @Test
  void directoryBundleVerifies() throws Exception {
    Path bundle = sample("k0rdent-dir", SampleBundle.Layout.K0RDENT);
    VerificationReport r = contentsOnly(bundle);
    assertTrue(r.passed(), r.summary());
    assertTrue(r.contents().blobs() > 10, "blobs: " + r.contents().blobs());
  }

  @Test
  void tarBundleSignatureAndContentsShareOneRead() throws Exception {
    Path tar = sample("bundle.tar", SampleBundle.Layout.K0RDENT);
    sign(tar);
    List<String> passes = new ArrayList<>();
    VerificationReport r =
        new Verification(
                e -> {
                  if (e instanceof StepProgress p && p.doneBytes() == 0) {
                    passes.add(p.step() + " " + p.item());
                  }
                })
            .run(
                VerificationRequest.builder()
                    .subject(tar)
                    .keys(key.publicKey())
                    .contents(true)
                    .workDir(dir.resolve("work"))
                    .build());
    assertTrue(r.passed(), r.summary());
    assertEquals(List.of("signature", "contents"), r.checked());
    assertEquals(List.of("verify bundle.tar"), passes, "one read of the tar, nothing else");
  }

  @Test
  void flippedByteInATarIsNamedByImageAndPath() throws Exception {
    Path tar = sample("broken.tar", SampleBundle.Layout.K0RDENT);
    Bundle opened = open(tar);
    Map.Entry<Digest, FileSlice> layer = largestBlob(opened);
    flip(tar, layer.getValue().offset() + layer.getValue().size() / 2);
    VerificationReport r = contentsOnly(tar);

    assertEquals(VerificationReport.FAILED, r.verdict());
    ContentsCheck.BadBlob bad = r.contents().bad().get(0);
    assertEquals(1, r.contents().bad().size());
    assertEquals(layer.getKey().toString(), bad.digest());
    String owner = ownerOf(opened, layer.getKey());
    assertEquals("image " + owner, bad.owner());
    assertTrue(bad.path().matches("[a-z0-9-]+/[^ ]+\\.tar > .+"), bad.path());
    assertEquals(
        "Contents check failed: 1 of "
            + r.contents().blobs()
            + " blobs do not match their digest. First: "
            + layer.getKey()
            + " of image "
            + owner
            + ", at "
            + bad.path()
            + ", hashes to "
            + bad.actual()
            + ".",
        r.contents().message());
    assertEquals(r.contents().message(), r.failure().orElseThrow().getMessage());
  }

  @Test
  void flippedByteInAnOciLayoutNamesTheBlobFile() throws Exception {
    Path layout = sample("layout", SampleBundle.Layout.OCI_LAYOUT);
    Map.Entry<Digest, FileSlice> layer = largestBlob(open(layout));
    flip(layer.getValue().file(), layer.getValue().size() / 3);
    VerificationReport r = contentsOnly(layout);
    ContentsCheck.BadBlob bad = r.contents().bad().get(0);
    assertEquals("blobs/sha256/" + layer.getKey().hex(), bad.path());
  }

  @Test
  void compressedBundleIsUnpackedOnlyAfterItsSignatureVerified() throws Exception {
    Path tgz = sample("bundle.tar.gz", SampleBundle.Layout.OCI_LAYOUT);
    sign(tgz);
    Path work = dir.resolve("work-tgz");
    VerificationReport ok = signedContents(tgz, key.publicKey(), work);
    assertTrue(ok.passed(), ok.summary());

    Openssl.KeyPair other = Openssl.generate(Openssl.Kind.P384, Files.createTempDirectory("o"));
    Path otherWork = dir.resolve("work-untrusted");
    VerificationReport refused = signedContents(tgz, other.publicKey(), otherWork);
    assertEquals(VerificationReport.FAILED, refused.verdict());
    assertEquals(VerificationReport.NOT_RUN, refused.contents().status());
    assertTrue(!Files.exists(otherWork), "nothing was unpacked for an unverified bundle");
  }

  private static Path sample(String name, SampleBundle.Layout layout) throws Exception {
    Path out = dir.resolve(name);
    new SampleBundle(new SampleBundle.Options(3, 40_000, layout, 9), ProgressListener.NONE)
        .write(out);
    return out;
  }

  private static void sign(Path file) throws Exception {
    Files.writeString(
        Path.of(file + ".sig"),
        Base64.getEncoder().encodeToString(Openssl.sign(key, "sha256", file)));
  }

  private static VerificationReport signedContents(Path bundle, Path publicKey, Path work)
      throws Exception {
    return Verifications.run(
        VerificationRequest.builder().subject(bundle).keys(publicKey).contents(true).workDir(work));
  }

  private static VerificationReport contentsOnly(Path bundle) throws Exception {
    return Verifications.run(
        VerificationRequest.builder().subject(bundle).contents(true).workDir(dir.resolve("work")));
  }

  private static Bundle open(Path bundle) throws Exception {
    return new BundleOpener(dir.resolve("work"), ProgressListener.NONE).open(bundle);
  }

  /** The largest blob the bundle holds in a file as it is (not one it must decompress). */
  private static Map.Entry<Digest, FileSlice> largestBlob(Bundle b) {
    return b.blobs().entrySet().stream()
        .filter(e -> e.getValue() instanceof FileSlice)
        .max(Comparator.comparingLong(e -> e.getValue().size()))
        .map(e -> Map.entry(e.getKey(), (FileSlice) e.getValue()))
        .orElseThrow();
  }

  private static String ownerOf(Bundle b, Digest d) {
    return b.images().stream()
        .filter(i -> i.blobs().contains(d))
        .map(BundleImage::ref)
        .findFirst()
        .orElseThrow();
  }

  private static void flip(Path file, long offset) throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(offset);
      int b = f.read();
      f.seek(offset);
      f.write(b ^ 0x01);
    }
  }
}
