package io.airlock.core.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.airlock.core.archive.ContentSource;
import io.airlock.core.bundle.Bundle;
import io.airlock.core.bundle.BundleChart;
import io.airlock.core.bundle.BundleImage;
import io.airlock.core.bundle.BundleOpener;
import io.airlock.core.digest.Digest;
import io.airlock.core.digest.DigestAlgorithm;
import io.airlock.core.digest.Hashing;
import io.airlock.core.oci.Json;
import io.airlock.core.oci.MediaTypes;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.testing.Command;
import io.airlock.core.testing.Containerd;
import io.airlock.core.testing.EmbeddedRegistry;
import io.airlock.core.testing.Samples;
import io.airlock.core.testing.Skopeo;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real clients against {@code airlock serve}: skopeo pulls a bundle served in place and copies it
 * into a registry with storage and back out byte for byte; a private containerd pulls over IPv4 and
 * IPv6; a .tar chart comes out as the Helm OCI artifact.
 */
class RegistryClientsTest {

  @TempDir static Path dir;
  static Bundle bundle;
  @AutoClose static EmbeddedRegistry fromBundle;
  @AutoClose static EmbeddedRegistry store;
  @AutoClose static Containerd containerd;

  @BeforeAll
  static void start() throws Exception {
    Path sample = dir.resolve("bundle");
    Samples.k0rdent(sample, 3, 200_000, 7);
    bundle = new BundleOpener(dir.resolve("work"), ProgressListener.NONE).open(sample);
    fromBundle =
        EmbeddedRegistry.start(
            BundleContent.of(bundle, dir.resolve("chart-cache"), ProgressListener.NONE), false);
    store = EmbeddedRegistry.start();
    containerd = Containerd.start(null);
  }

  static String repoRef(BundleImage image) {
    String ref = image.ref();
    int colon = ref.lastIndexOf(':');
    return BundleContent.repositoryFor(ref).orElseThrow() + ref.substring(colon);
  }

  @Test
  void skopeoReadsEveryImageOfABundleServedInPlaceWithTheBundlesDigests() {
    for (BundleImage image : bundle.images()) {
      Digest served =
          Skopeo.digest(
              "docker://" + fromBundle.host() + "/" + repoRef(image), "--tls-verify=false");
      assertEquals(image.digest(), served, image.ref());
    }
  }

  @Test
  void skopeoCopiesInAndOutByteIdentical() throws Exception {
    for (BundleImage image : bundle.images()) {
      String ref = repoRef(image);
      Skopeo.copy(
          "docker://" + fromBundle.host() + "/" + ref,
          "docker://" + store.host() + "/pushed/" + ref,
          "--all",
          "--preserve-digests",
          "--src-tls-verify=false",
          "--dest-tls-verify=false");
      Path out = dir.resolve("out-" + image.digest().shortHex());
      Skopeo.copy(
          "docker://" + store.host() + "/pushed/" + ref,
          "oci:" + out + ":x",
          "--all",
          "--preserve-digests",
          "--src-tls-verify=false");
      JsonNode index = Json.parse(Files.readAllBytes(out.resolve("index.json")));
      assertEquals(
          image.digest().toString(), index.path("manifests").get(0).path("digest").asText());
      try (Stream<Path> blobs = Files.list(out.resolve("blobs/sha256"))) {
        for (Path blob : blobs.toList()) {
          Digest d = new Digest(DigestAlgorithm.SHA256, blob.getFileName().toString());
          ContentSource original =
              bundle.blob(d).orElseThrow(() -> new AssertionError("extra blob " + d));
          assertEquals(original.size(), Files.size(blob));
          assertEquals(d, Hashing.hash(blob, DigestAlgorithm.SHA256).digest(), "corrupt blob " + d);
        }
      }
    }
    // The store keeps what was pushed: every blob file is named by the hash of its bytes.
    try (Stream<Path> files = Files.walk(store.storage().resolve("blobs"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertEquals(
            f.getFileName().toString(), Hashing.hash(f, DigestAlgorithm.SHA256).digest().hex());
      }
    }
  }

  @Test
  void containerdPullsOverIpv4AndIpv6() {
    BundleImage image = bundle.images().get(bundle.images().size() - 1);
    String ref = repoRef(image);
    for (String host : new String[] {fromBundle.host(), fromBundle.hostIpv6()}) {
      Command.Result r = containerd.ctr("image", "pull", "--plain-http", host + "/" + ref);
      assertEquals(
          0,
          r.exitCode(),
          "ctr pull from " + host + ":\n" + r.stderr() + r.out() + containerd.log());
      String images = containerd.ctr("image", "ls", "-q").out();
      assertTrue(images.contains(host + "/" + ref), images);
    }
  }

  @Test
  void aTarChartIsServedAsAHelmArtifactWithADeterministicGzip() throws Exception {
    BundleChart chart =
        bundle.charts().stream()
            .filter(c -> c.name().equals("k0rdent-enterprise"))
            .findFirst()
            .orElseThrow();
    String ref =
        "docker://" + fromBundle.host() + "/charts/" + chart.name() + ":" + chart.version();
    JsonNode manifest = Json.parse(Skopeo.rawManifest(ref, "--tls-verify=false"));
    assertEquals(MediaTypes.HELM_CONFIG, manifest.path("config").path("mediaType").asText());
    JsonNode layer = manifest.path("layers").get(0);
    assertEquals(MediaTypes.HELM_CHART, layer.path("mediaType").asText());
    Http http = new Http(fromBundle.url());
    Http.Response blob =
        http.get("/v2/charts/" + chart.name() + "/blobs/" + layer.path("digest").asText());
    assertEquals(200, blob.status());
    byte[] original;
    try (InputStream in = chart.content().open()) {
      original = in.readAllBytes();
    }
    byte[] gunzipped;
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(blob.body()))) {
      gunzipped = in.readAllBytes();
    }
    assertArrayEquals(original, gunzipped);
    // Served again from a fresh index, the artifact has the same digest.
    EmbeddedRegistry again =
        EmbeddedRegistry.start(
            BundleContent.of(bundle, dir.resolve("chart-cache-2"), ProgressListener.NONE), false);
    try {
      assertEquals(
          Skopeo.digest(ref, "--tls-verify=false"),
          Skopeo.digest(
              "docker://" + again.host() + "/charts/" + chart.name() + ":" + chart.version(),
              "--tls-verify=false"));
    } finally {
      again.close();
    }
  }

  @Test
  void aBundleServedAloneRefusesPushes() {
    Http http = new Http(fromBundle.url());
    Http.Response r = http.post("/v2/x/blobs/uploads/", null);
    assertEquals(405, r.status());
    assertEquals(java.util.List.of("UNSUPPORTED"), r.errorCodes());
    assertFalse(r.text().isEmpty());
  }
}
