package io.airlock.core.bundle;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.airlock.core.archive.Compression;
import io.airlock.core.archive.InputLimits;
import io.airlock.core.archive.TarWriter;
import io.airlock.core.digest.Digest;
import io.airlock.core.oci.Manifest;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.testing.FuzzInputs;
import io.airlock.core.testing.Samples;
import io.airlock.core.testing.Trees;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Tag;

/**
 * Fuzzes the JSON documents of a bundle: an OCI layout's index.json and oci-layout, a
 * docker-archive's manifest.json and image config (not named by a digest, so read as they come),
 * and Manifest.parse directly. The first byte picks the document.
 */
@Tag("fuzz")
class OciDocumentsFuzzTest {

  static final Path DIR = FuzzInputs.scratch("oci");
  static final Path LAYOUT = DIR.resolve("layout");
  static final Path DOCKER = DIR.resolve("docker");
  static final String[] FILES = {"index.json", "oci-layout", "manifest.json", "config.json"};
  static final Map<String, byte[]> ORIGINALS = new java.util.HashMap<>();

  static {
    try {
      Trees.copyTree(Samples.ociLayout(DIR.resolve("sample"), 1, 512, 3).path(), LAYOUT);
      Files.createDirectories(DOCKER);
      ByteArrayOutputStream layer = new ByteArrayOutputStream();
      try (TarWriter tar = new TarWriter(layer)) {
        tar.addBytes("hello.txt", "hello".getBytes(StandardCharsets.UTF_8));
      }
      Files.write(DOCKER.resolve("layer.tar"), layer.toByteArray());
      Files.writeString(
          DOCKER.resolve("config.json"),
          "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
              + "\"diff_ids\":[\""
              + Digest.sha256(layer.toByteArray())
              + "\"]}}");
      Files.writeString(
          DOCKER.resolve("manifest.json"),
          "[{\"Config\":\"config.json\",\"RepoTags\":[\"example.com/a:1\"],"
              + "\"Layers\":[\"layer.tar\"]}]");
      Map<String, byte[]> seeds = new java.util.HashMap<>();
      for (int i = 0; i < FILES.length; i++) {
        byte[] original = Files.readAllBytes(fileOf(i));
        ORIGINALS.put(FILES[i], original);
        seeds.put(FILES[i], TarArchiveFuzzTest.form(i, original));
      }
      FuzzInputs.seed(OciDocumentsFuzzTest.class, "documents", seeds);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static Path fileOf(int i) {
    return (i < 2 ? LAYOUT : DOCKER).resolve(FILES[i]);
  }

  @FuzzTest(maxDuration = "5s")
  void documents(byte[] input) throws Exception {
    if (input.length < 1) {
      return;
    }
    byte[] document = Arrays.copyOfRange(input, 1, input.length);
    try {
      Manifest.parse(document, null);
    } catch (IllegalArgumentException expected) {
      // Manifest.parse's contract for malformed documents.
    }
    int i = (input[0] & 0xff) % FILES.length;
    Path file = fileOf(i);
    Files.write(file, document);
    try {
      FuzzInputs.expectOnlyTypedErrors(
          () ->
              new BundleOpener(DIR.resolve("work"), ProgressListener.NONE, InputLimits.DEFAULT)
                  .open(i < 2 ? LAYOUT : DOCKER));
    } finally {
      Files.write(file, ORIGINALS.get(FILES[i]));
    }
  }

  static {
    // The docker-archive seed must open, or the fuzzer starts from a refusal.
    try {
      new BundleOpener(DIR.resolve("work"), ProgressListener.NONE).open(DOCKER);
      Trees.pack(DOCKER, DIR.resolve("docker.tar"), Compression.NONE);
    } catch (Exception e) {
      throw new IllegalStateException("the docker-archive seed does not open: " + e, e);
    }
  }
}
