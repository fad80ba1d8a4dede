package io.airlock.core.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.BadInputException;
import io.airlock.core.NotEnoughSpaceException;
import io.airlock.core.Setting;
import io.airlock.core.archive.Compression;
import io.airlock.core.archive.InputLimits;
import io.airlock.core.archive.TarTree;
import io.airlock.core.archive.TarWriter;
import io.airlock.core.digest.Digest;
import io.airlock.core.progress.Notice;
import io.airlock.core.progress.ProgressEvent;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.testing.Command;
import io.airlock.core.testing.Samples;
import io.airlock.core.testing.SmallDisk;
import io.airlock.core.testing.Trees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input gives one clear message naming what is wrong and where. */
class BadBundleTest {

  @TempDir static Path dir;
  static Path sample;
  static Path layout;

  @BeforeAll
  static void makeSamples() throws Exception {
    sample = Samples.k0rdent(dir.resolve("sample"), 4, 32 * 1024, 3).path();
    layout = Samples.ociLayout(dir.resolve("layout"), 2, 32 * 1024, 3).path();
  }

  static Bundle open(Path path) throws Exception {
    return new BundleOpener(dir.resolve("work"), ProgressListener.NONE).open(path);
  }

  static BadInputException refused(Path path) {
    return assertThrows(BadInputException.class, () -> open(path));
  }

  static Path copyOf(Path tree, String name) {
    Path copy = dir.resolve(name);
    Trees.copyTree(tree, copy);
    return copy;
  }

  @Test
  void missingFile() {
    BadInputException e = refused(dir.resolve("nope.tar.gz"));
    assertEquals("Bundle not found: " + dir.resolve("nope.tar.gz") + ".", e.getMessage());
    assertTrue(e.settings().contains(Setting.SAMPLE_BUNDLE), e.hint().toString());
    assertEquals("bundle.not-found", e.code().orElseThrow());
  }

  @Test
  void notABundleSaysWhatWasExpected() throws IOException {
    Path text = Files.writeString(dir.resolve("notes.txt"), "hello, not a tar");
    assertTrue(
        refused(text).getMessage().contains("neither a directory, a tar nor a compressed tar"));
    Path empty = Files.createDirectories(dir.resolve("empty"));
    String message = refused(empty).getMessage();
    assertTrue(message.contains("found nothing (it is empty)"), message);
    assertTrue(message.contains("charts/"), message);
  }

  @Test
  void truncatedTarNamesTheMemberAndOffsets() throws Exception {
    Path tar = Trees.pack(sample, dir.resolve("full.tar"), Compression.NONE);
    long size = Files.size(tar);
    Path cut = Trees.truncate(tar, size / 2 + 100, dir.resolve("cut.tar"));
    String message = refused(cut).getMessage();
    assertTrue(message.startsWith(cut + " is truncated: member "), message);
    assertTrue(
        message.matches(
            ".* member k0sproject/controller_v1.0.0.tar \\(\\d+ bytes from offset \\d+\\) runs past"
                + " the end of the archive, which has only \\d+ bytes."),
        message);
  }

  @Test
  void tarCutAtAMemberBoundaryIsNoticed() throws Exception {
    Path tar = Trees.pack(sample, dir.resolve("boundary.tar"), Compression.NONE);
    Path cut = Trees.truncate(tar, Files.size(tar) - 1024, dir.resolve("boundary-cut.tar"));
    String message = refused(cut).getMessage();
    assertTrue(message.contains("without the end-of-archive marker"), message);
  }

  @Test
  void truncatedGzipNamesTheMemberBeingRead() throws Exception {
    Path gz = Trees.pack(sample, dir.resolve("full.tar.gz"), Compression.GZIP);
    Path cut = Trees.truncate(gz, Files.size(gz) * 2 / 3, dir.resolve("cut.tar.gz"));
    BadInputException e = refused(cut);
    assertTrue(
        e.getMessage().startsWith(cut + " is truncated: the compressed stream ends at byte "),
        e.getMessage());
    assertTrue(e.getMessage().contains("inside member "), e.getMessage());
    assertNoPartialWorkDirectories();
  }

  @Test
  void membersEscapingTheBundleAreRefused() throws Exception {
    for (String evil : List.of("../evil.tar", "/etc/evil")) {
      Path tar = dir.resolve("escape-" + evil.hashCode() + ".tar");
      writeRawTar(tar, evil);
      String message = refused(tar).getMessage();
      assertTrue(message.contains("points outside the bundle"), message);
      Path gz = Path.of(tar + ".gz");
      Command.ok("sh", "-c", "gzip -c " + tar + " > " + gz);
      assertTrue(refused(gz).getMessage().contains("points outside the bundle"));
    }
    assertNoPartialWorkDirectories();
  }

  @Test
  void symlinkOutOfTheBundleIsRefusedInTarsAndDirectories() throws Exception {
    Path tar = dir.resolve("link.tar");
    try (TarWriter w = TarWriter.create(tar, Compression.NONE)) {
      w.addDirectory("charts");
      w.addSymlink("charts/x.tgz", "../../../etc/passwd");
    }
    assertTrue(refused(tar).getMessage().contains("points outside the bundle"));
    Path linked = copyOf(sample, "linked");
    Files.createSymbolicLink(linked.resolve("charts/evil.tgz"), Path.of("/etc/passwd"));
    String message = refused(linked).getMessage();
    assertTrue(message.contains("outside the bundle"), message);
  }

  @Test
  void corruptLayerInCompressedBundleIsCaughtWhileUnpacking() throws Exception {
    Path broken = copyOf(layout, "layout-broken-layer");
    Path layer = largestBlob(broken);
    Trees.flipByte(layer, 2000);
    Path gz = Trees.pack(broken, dir.resolve("broken-layer.tar.gz"), Compression.GZIP);
    String message = refused(gz).getMessage();
    assertTrue(message.startsWith("Blob sha256:" + layer.getFileName()), message);
    assertTrue(
        message.contains("does not match its digest: its content hashes to sha256:"), message);
    assertNoPartialWorkDirectories();
  }

  @Test
  void corruptLayerInsideANestedImageArchiveIsCaughtWhileUnpacking() throws Exception {
    Path broken = copyOf(sample, "sample-broken-nested");
    Path archive;
    try (Stream<Path> s = Files.walk(broken)) {
      archive =
          s.filter(p -> p.toString().endsWith("controller_v1.0.0.tar")).findFirst().orElseThrow();
    }
    Trees.flipByte(archive, Files.size(archive) - 4000);
    Path gz = Trees.pack(broken, dir.resolve("broken-nested.tar.gz"), Compression.GZIP);
    String message = refused(gz).getMessage();
    assertTrue(message.contains("controller_v1.0.0.tar in "), message);
    assertTrue(message.contains("does not match its digest"), message);
  }

  @Test
  void corruptConfigReadInPlaceNamesTheBlob() throws Exception {
    Path broken = copyOf(layout, "layout-broken-config");
    Path config = smallestBlobReferencedAsConfig(broken);
    Trees.flipByte(config, 5);
    String message = refused(broken).getMessage();
    assertTrue(message.startsWith("Config sha256:" + config.getFileName()), message);
    assertTrue(message.contains("does not match its digest"), message);
  }

  @Test
  void blobOfTheWrongSizeOrMissingIsNamed() throws Exception {
    Path shorter = copyOf(layout, "layout-short");
    Path layer = largestBlob(shorter);
    Trees.truncate(layer, 1000, layer.resolveSibling("tmp"));
    Files.move(
        layer.resolveSibling("tmp"), layer, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    String message = refused(shorter).getMessage();
    assertTrue(message.contains("has 1000 bytes but its descriptor says"), message);

    Path missing = copyOf(layout, "layout-missing");
    Files.delete(largestBlob(missing));
    message = refused(missing).getMessage();
    assertTrue(message.contains("is incomplete: blob sha256:"), message);
    assertTrue(message.contains("is missing"), message);
  }

  @Test
  void twoImagesClaimingOneNameAreRefused() throws Exception {
    Path twins = copyOf(sample, "twins");
    Path controller;
    Path other;
    try (Stream<Path> s = Files.walk(twins)) {
      List<Path> archives =
          s.filter(p -> p.toString().endsWith(".tar") && !p.toString().contains("charts"))
              .sorted()
              .toList();
      controller =
          archives.stream()
              .filter(p -> p.toString().contains("controller"))
              .findFirst()
              .orElseThrow();
      other =
          archives.stream()
              .filter(p -> p.toString().contains("dashboard") || p.toString().contains("webhook"))
              .findFirst()
              .orElseThrow();
    }
    // Retag the other oci-archive's image with the controller's name.
    Path unpacked = dir.resolve("retag");
    Files.createDirectories(unpacked);
    Command.ok("tar", "-xf", other.toString(), "-C", unpacked.toString());
    String index = Files.readString(unpacked.resolve("index.json"));
    String ref = index.replaceAll(".*\"org.opencontainers.image.ref.name\":\"([^\"]+)\".*", "$1");
    String controllerRef = "docker.io/airlock-samples/controller:v1.0.0";
    Files.writeString(unpacked.resolve("index.json"), index.replace(ref, controllerRef));
    Files.delete(other);
    Trees.pack(unpacked, other, Compression.NONE);
    String message = refused(twins).getMessage();
    assertTrue(message.startsWith("Two different images claim the name " + controllerRef), message);
    assertTrue(message.contains(controller.getFileName().toString()), message);
  }

  @Test
  void unknownMediaTypesAreKeptAsArtifactsWithAWarning() throws Exception {
    Path odd = copyOf(layout, "layout-odd");
    byte[] content = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);
    Digest digest = Digest.sha256(content);
    Files.write(odd.resolve("blobs/sha256/" + digest.hex()), content);
    String index = Files.readString(odd.resolve("index.json"));
    String entry =
        "{\"mediaType\":\"application/vnd.example.thing+json\",\"digest\":\""
            + digest
            + "\",\"size\":"
            + content.length
            + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"example.com/things/thing:1\"}}";
    Files.writeString(
        odd.resolve("index.json"),
        index.replace("\"manifests\":[", "\"manifests\":[" + entry + ","));
    List<ProgressEvent> events = new ArrayList<>();
    Bundle bundle = new BundleOpener(dir.resolve("work"), events::add).open(odd);
    BundleImage thing =
        bundle.images().stream()
            .filter(i -> i.ref().equals("example.com/things/thing:1"))
            .findFirst()
            .orElseThrow();
    assertEquals("application/vnd.example.thing+json", thing.mediaType());
    assertTrue(
        events.stream()
            .anyMatch(
                e ->
                    e instanceof Notice n
                        && n.message().contains("application/vnd.example.thing+json")),
        events.toString());
  }

  @Test
  void unnamedImagesGetNamesGuessedFromTheFileName() throws Exception {
    Path unnamed = copyOf(sample, "unnamed");
    Path archive;
    try (Stream<Path> s = Files.walk(unnamed)) {
      archive =
          s.filter(p -> p.toString().endsWith("controller_v1.0.0.tar")).findFirst().orElseThrow();
    }
    Path unpacked = Files.createDirectories(dir.resolve("unnamed-x"));
    Command.ok("tar", "-xf", archive.toString(), "-C", unpacked.toString());
    String index = Files.readString(unpacked.resolve("index.json"));
    Files.writeString(
        unpacked.resolve("index.json"), index.replaceAll(",\"annotations\":\\{[^}]*\\}", ""));
    Files.delete(archive);
    Trees.pack(unpacked, archive, Compression.NONE);
    Bundle bundle = open(unnamed);
    BundleImage guessed =
        bundle.images().stream().filter(BundleImage::refGuessed).findFirst().orElseThrow();
    assertEquals("docker.io/k0sproject/controller:v1.0.0", guessed.ref());
  }

  @Test
  void notEnoughSpaceToUnpackIsRefusedUpFrontAndMidWay() throws Exception {
    InputLimits reserve4m = new InputLimits(100, 1L << 40, 4 << 20);
    try (SmallDisk disk = SmallDisk.mount(dir.resolve("small-disk"), "24m")) {
      Path mount = disk.path();
      // The estimate from the gzip trailer already says it cannot fit.
      Path big = Samples.ociLayout(dir.resolve("big.tar.gz"), 3, 10 << 20, 1).path();
      NotEnoughSpaceException e =
          assertThrows(
              NotEnoughSpaceException.class,
              () ->
                  new BundleOpener(mount.resolve("work"), ProgressListener.NONE, reserve4m)
                      .open(big));
      assertTrue(
          e.getMessage().startsWith("Not enough free space to unpack " + big), e.getMessage());
      assertTrue(e.getMessage().endsWith("is kept free (the reserve)."), e.getMessage());
      assertEquals(mount.resolve("work"), e.directory());

      // zstd streams may not record their size: the per-member check catches it mid-way.
      Path tree = Files.createDirectories(dir.resolve("noise/charts"));
      // 40 copies of 1 MiB of noise: zstd shrinks it 40 times, below the expansion limit.
      byte[] block = new byte[1 << 20];
      new java.util.Random(3).nextBytes(block);
      block[0] = 0x1f; // looks like gzip, so it is a file a bundle reader may use
      block[1] = (byte) 0x8b;
      byte[] noise = new byte[40 << 20];
      for (int i = 0; i < 40; i++) {
        System.arraycopy(block, 0, noise, i << 20, block.length);
      }
      Files.write(tree.resolve("huge.tgz"), noise);
      Path zst = dir.resolve("noise.tar.zst");
      Trees.pack(tree.getParent(), zst, Compression.ZSTD);
      e =
          assertThrows(
              NotEnoughSpaceException.class,
              () ->
                  new BundleOpener(mount.resolve("work"), ProgressListener.NONE, reserve4m)
                      .open(zst));
      assertTrue(
          e.getMessage()
              .startsWith(
                  "Not enough free space in "
                      + mount.resolve("work")
                      + " to unpack "
                      + zst
                      + ": member charts/huge.tgz needs 41.9 MB, "),
          e.getMessage());
      assertTrue(e.hint().orElseThrow().startsWith("Free up at least "), e.hint().toString());
      try (Stream<Path> left = Files.list(mount.resolve("work"))) {
        assertEquals(List.of(), left.toList(), "nothing half-written is left");
      }
    }
  }

  @AfterAll
  static void noPartialLeftovers() throws IOException {
    assertNoPartialWorkDirectories();
  }

  static void assertNoPartialWorkDirectories() throws IOException {
    Path work = dir.resolve("work");
    if (Files.isDirectory(work)) {
      try (Stream<Path> s = Files.list(work)) {
        assertFalse(s.anyMatch(p -> p.getFileName().toString().endsWith(".partial")));
      }
    }
  }

  /** Writes a tar whose only member has exactly this name, as a malicious tool could. */
  static void writeRawTar(Path tar, String name) throws IOException {
    var out =
        new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
            Files.newOutputStream(tar));
    out.setLongFileMode(
        org.apache.commons.compress.archivers.tar.TarArchiveOutputStream.LONGFILE_POSIX);
    var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(name, true);
    byte[] content = "x".getBytes(StandardCharsets.UTF_8);
    entry.setSize(content.length);
    out.putArchiveEntry(entry);
    out.write(content);
    out.closeArchiveEntry();
    out.close();
    assertTrue(TarTree.startsLikeTar(io.airlock.core.archive.FileSlice.of(tar, Files.size(tar))));
  }

  static Path largestBlob(Path layout) throws IOException {
    try (Stream<Path> s = Files.list(layout.resolve("blobs/sha256"))) {
      return s.max(java.util.Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
    }
  }

  static Path smallestBlobReferencedAsConfig(Path layout) throws IOException {
    try (Stream<Path> s = Files.list(layout.resolve("blobs/sha256"))) {
      return s.filter(
              p -> {
                try {
                  return Files.readString(p, StandardCharsets.ISO_8859_1).contains("\"rootfs\"");
                } catch (IOException e) {
                  return false;
                }
              })
          .findFirst()
          .orElseThrow();
    }
  }
}
