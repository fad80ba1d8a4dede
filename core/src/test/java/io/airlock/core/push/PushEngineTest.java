package io.airlock.core.push;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.airlock.core.BadInputException;
import io.airlock.core.CheckFailedException;
import io.airlock.core.Setting;
import io.airlock.core.bundle.Bundle;
import io.airlock.core.bundle.BundleChart;
import io.airlock.core.bundle.BundleImage;
import io.airlock.core.digest.Digest;
import io.airlock.core.distribution.RegistryClient;
import io.airlock.core.distribution.RegistryEndpoint;
import io.airlock.core.distribution.TlsSettings;
import io.airlock.core.oci.ImageRef;
import io.airlock.core.oci.Json;
import io.airlock.core.oci.Manifest;
import io.airlock.core.oci.MediaTypes;
import io.airlock.core.oci.TargetNaming;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.sample.SampleBundle;
import io.airlock.core.testing.Command;
import io.airlock.core.testing.DockerRegistry;
import io.airlock.core.testing.Skopeo;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushes sample bundles into a real docker-registry and checks the result with skopeo, and reads
 * charts back as Helm gets them.
 */
class PushEngineTest {

  @TempDir static Path dir;
  @AutoClose static DockerRegistry registry;
  static Bundle bundle;
  static PushReport first;
  static PushFixtures.Events events;

  @BeforeAll
  static void pushSample() throws Exception {
    registry = DockerRegistry.start();
    bundle =
        PushFixtures.sample(
            dir.resolve("sample"),
            new SampleBundle.Options(6, 300_000, SampleBundle.Layout.K0RDENT, 7));
    events = new PushFixtures.Events();
    first =
        PushFixtures.push(
            bundle,
            PushFixtures.options(registry.host(), "mirror", dir.resolve("state")),
            dir.resolve("work"),
            events);
  }

  @Test
  void everyImageKeepsItsDigestAndPathRule() {
    assertEquals(6, bundle.images().size());
    for (BundleImage image : bundle.images()) {
      assertEquals(
          image.digest(),
          Skopeo.pushedDigest(registry.host(), "mirror", image.ref(), "--tls-verify=false"),
          image.ref());
    }
  }

  @Test
  void multiArchIndexKeepsEveryPlatform() {
    BundleImage multi =
        bundle.images().stream().filter(i -> i.platforms().size() == 2).findFirst().orElseThrow();
    ImageRef ref = ImageRef.parse(multi.ref());
    String repo = registry.host() + "/mirror/" + ref.registry() + "/" + ref.repository();
    byte[] index = Skopeo.rawManifest("docker://" + repo + ":" + ref.tag(), "--tls-verify=false");
    Manifest parsed = Manifest.parse(index, null);
    assertTrue(parsed.isIndex());
    assertEquals(2, parsed.manifests().size());
    for (var child : parsed.manifests()) {
      assertEquals(
          child.digest(),
          PushFixtures.skopeoDigest(repo + "@" + child.digest()),
          child.platform().toString());
      // And skopeo can read the platform's config and layers through it.
      Command.ok(
          "skopeo", "inspect", "--tls-verify=false", "docker://" + repo + "@" + child.digest());
    }
  }

  @Test
  void chartsBecomeHelmArtifactsWithTheChartAsLayer() throws Exception {
    assertEquals(3, bundle.charts().size());
    for (BundleChart chart : bundle.charts()) {
      String repo = "mirror/charts/" + chart.name();
      byte[] raw =
          Skopeo.rawManifest(
              "docker://" + registry.host() + "/" + repo + ":" + chart.version(),
              "--tls-verify=false");
      Manifest m = Manifest.parse(raw, null);
      assertEquals(MediaTypes.HELM_CONFIG, m.config().mediaType());
      assertEquals(MediaTypes.HELM_CHART, m.layers().get(0).mediaType());
      JsonNode config = Json.parse(PushFixtures.blob(registry.host(), repo, m.config().digest()));
      assertEquals(chart.name(), config.path("name").asText());
      assertEquals(chart.version(), config.path("version").asText());
      byte[] layer = PushFixtures.blob(registry.host(), repo, m.layers().get(0).digest());
      byte[] original;
      try (InputStream in = chart.content().open()) {
        original = in.readAllBytes();
      }
      boolean gzipped = original[0] == (byte) 0x1f && original[1] == (byte) 0x8b;
      if (gzipped) {
        assertArrayEquals(original, layer, chart.name() + ": a .tgz goes as it is");
      } else {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(layer))) {
          assertArrayEquals(
              original, in.readAllBytes(), chart.name() + ": a .tar is gzipped, content intact");
        }
      }
    }
  }

  @Test
  void sharedBaseLayersAreMountedNotSentAgain() {
    assertTrue(first.blobsMounted() > 0, "mounted " + first.blobsMounted());
    long distinct = bundle.sizeBytes();
    assertTrue(
        first.sentBytes() <= distinct + 1_000_000, "sent " + first.sentBytes() + " of " + distinct);
    assertTrue(events.of(PushEvent.Totals.class).size() > 0);
    assertEquals(
        first.artifacts().size(),
        events.of(PushEvent.Artifact.class).stream()
            .filter(a -> a.state() == PushEvent.ArtifactState.DONE)
            .count());
  }

  @Test
  void aSecondPushSendsNothing() throws Exception {
    PushReport again =
        PushFixtures.push(
            bundle,
            PushFixtures.options(registry.host(), "mirror", dir.resolve("state")).toBuilder()
                .verify(true)
                .build(),
            dir.resolve("work"),
            ProgressListener.NONE);
    assertEquals(0, again.sentBytes());
    assertEquals(again.artifacts().size(), again.presentCount());
    assertTrue(again.verified());
  }

  @Test
  void onlyPushesWhatMatchesAndFlattenDropsTheSourceRegistry() throws Exception {
    PushReport r =
        PushFixtures.push(
            bundle,
            PushFixtures.options(registry.host(), "only", dir.resolve("state")).toBuilder()
                .only(List.of("ghcr.io/*", "charts/demo-db:*"))
                .flatten(true)
                .build(),
            dir.resolve("work"),
            ProgressListener.NONE);
    List<String> names = r.artifacts().stream().map(PushReport.Pushed::name).sorted().toList();
    assertEquals(
        bundle.images().stream().map(BundleImage::ref).filter(n -> n.startsWith("ghcr.io/")).count()
            + 1,
        names.size(),
        names.toString());
    assertTrue(names.contains("charts/demo-db:2.3.4"));
    BundleImage ghcr =
        bundle.images().stream()
            .filter(i -> i.ref().startsWith("ghcr.io/"))
            .findFirst()
            .orElseThrow();
    ImageRef ref = ImageRef.parse(ghcr.ref());
    assertEquals(
        ghcr.digest(),
        PushFixtures.skopeoDigest(registry.host() + "/only/" + ref.repository() + ":" + ref.tag()));
    BundleImage other =
        bundle.images().stream()
            .filter(i -> !i.ref().startsWith("ghcr.io/"))
            .findFirst()
            .orElseThrow();
    Command.Result missing =
        Command.run(
            "skopeo",
            "inspect",
            "--raw",
            "--tls-verify=false",
            "docker://"
                + registry.host()
                + "/only/"
                + ImageRef.parse(other.ref()).repository()
                + ":"
                + ImageRef.parse(other.ref()).tag());
    assertTrue(missing.exitCode() != 0, "not selected, so not pushed");
  }

  @Test
  void onlyMatchingNothingIsAnError() {
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () ->
                PushFixtures.push(
                    bundle,
                    PushFixtures.options(registry.host(), "none", dir.resolve("state")).toBuilder()
                        .only(List.of("nothing/*"))
                        .build(),
                    dir.resolve("work"),
                    ProgressListener.NONE));
    assertEquals(
        "Nothing in the bundle matches the image filter nothing/*.",
        e.getMessage(),
        e.getMessage());
    assertEquals(List.of(Setting.ONLY), e.settings());
  }

  @Test
  void ociLayoutChartsKeepTheirManifestDigest() throws Exception {
    Bundle layout =
        PushFixtures.sample(
            dir.resolve("layout"),
            new SampleBundle.Options(2, 100_000, SampleBundle.Layout.OCI_LAYOUT, 3));
    PushFixtures.push(
        layout,
        PushFixtures.options(registry.host(), "layout", dir.resolve("state")),
        dir.resolve("work"),
        ProgressListener.NONE);
    for (BundleChart chart : layout.charts()) {
      assertEquals(
          chart.ociManifest(),
          PushFixtures.skopeoDigest(
              registry.host() + "/layout/charts/" + chart.name() + ":" + chart.version()));
    }
    for (BundleImage image : layout.images()) {
      assertEquals(
          image.digest(),
          Skopeo.pushedDigest(registry.host(), "layout", image.ref(), "--tls-verify=false"));
    }
  }

  @Test
  void aBlobThatDoesNotMatchItsDigestIsNeverStored() throws Exception {
    Bundle damaged =
        PushFixtures.sample(
            dir.resolve("damaged"),
            new SampleBundle.Options(1, 200_000, SampleBundle.Layout.OCI_LAYOUT, 11));
    BundleImage image = damaged.images().get(0);
    Manifest index = Manifest.parse(read(damaged, image.digest()), image.mediaType());
    Digest child = index.manifests().get(0).digest();
    Manifest manifest = Manifest.parse(read(damaged, child), null);
    Digest layer = manifest.layers().get(1).digest();
    Path file = dir.resolve("damaged/blobs/sha256/" + layer.hex());
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(f.length() / 2);
      int b = f.read();
      f.seek(f.length() / 2);
      f.write(b ^ 0xff); // same size, other bytes
    }
    CheckFailedException e =
        assertThrows(
            CheckFailedException.class,
            () ->
                PushFixtures.push(
                    damaged,
                    PushFixtures.options(registry.host(), "damaged", dir.resolve("state")),
                    dir.resolve("work"),
                    ProgressListener.NONE));
    assertTrue(e.getMessage().contains("Blob " + layer), e.getMessage());
    assertTrue(e.getMessage().contains(image.ref()), e.getMessage());
    ImageRef ref = ImageRef.parse(image.ref());
    String repo = "damaged/" + ref.registry() + "/" + ref.repository();
    assertEquals(404, PushFixtures.headBlob(registry.host(), repo, layer));
    assertTrue(
        Command.run(
                    "skopeo",
                    "inspect",
                    "--raw",
                    "--tls-verify=false",
                    "docker://" + registry.host() + "/" + repo + ":" + ref.tag())
                .exitCode()
            != 0,
        "no manifest without its blobs");
  }

  private static byte[] read(Bundle b, Digest d) throws Exception {
    try (InputStream in = b.blob(d).orElseThrow().open()) {
      return in.readAllBytes();
    }
  }

  // Charts read back from the registry after the push, as Helm gets them (ChartPull).

  static PushOptions mirror() {
    return PushFixtures.options(registry.host(), "mirror", dir.resolve("state"));
  }

  @Test
  void everyChartComesBackAsTheBundlesArchive() throws Exception {
    assertTrue(bundle.charts().size() >= 2);
    for (BundleChart chart : bundle.charts()) {
      Path pulled = ChartPull.fetch(mirror(), chart, dir.resolve("pull"));
      assertTrue(pulled.startsWith(dir.resolve("pull")), pulled.toString());
      assertArrayEquals(
          Files.readAllBytes(ChartFiles.tgz(chart, dir.resolve("work"))),
          Files.readAllBytes(pulled),
          chart.name());
    }
  }

  @Test
  void aChartTheRegistryDoesNotHoldIsNamed() {
    BundleChart chart = bundle.charts().get(0);
    PushOptions elsewhere = PushFixtures.options(registry.host(), "empty", dir.resolve("state"));
    CheckFailedException e =
        assertThrows(
            CheckFailedException.class,
            () -> ChartPull.fetch(elsewhere, chart, dir.resolve("missing")));
    assertEquals("chart.missing", e.code().orElseThrow());
    assertTrue(e.getMessage().contains(chart.name()), e.getMessage());
  }

  @Test
  void anotherChartUnderTheBundlesTagIsRefused() throws Exception {
    // A second registry prefix where chart B's tag names chart A's manifest.
    BundleChart a = bundle.charts().get(0);
    BundleChart b = bundle.charts().get(1);
    TargetNaming naming = new TargetNaming("mirror", false);
    String repoA = naming.chartRepository(a.name());
    TargetNaming other = new TargetNaming("swapped", false);
    String repoB = other.chartRepository(b.name());
    RegistryClient client =
        RegistryClient.create(
            new RegistryEndpoint(registry.host(), true),
            null,
            new TlsSettings(null, false),
            PushFixtures.FAST,
            (action, attempt, max, delay, reason) -> {});
    byte[] manifest =
        client
            .getManifest(repoA, TargetNaming.chartTag(a.version()), MediaTypes.OCI_MANIFEST)
            .orElseThrow();
    var doc = Json.parse(manifest);
    client.startUpload(repoB, Digest.parse(doc.path("config").path("digest").asText()), repoA);
    for (var layer : doc.path("layers")) {
      client.startUpload(repoB, Digest.parse(layer.path("digest").asText()), repoA);
    }
    client.putManifest(
        repoB, TargetNaming.chartTag(b.version()), MediaTypes.OCI_MANIFEST, manifest);

    PushOptions swapped = PushFixtures.options(registry.host(), "swapped", dir.resolve("state"));
    CheckFailedException e =
        assertThrows(
            CheckFailedException.class, () -> ChartPull.fetch(swapped, b, dir.resolve("swapped")));
    assertEquals("chart.mismatch", e.code().orElseThrow());
    assertTrue(e.getMessage().contains("is not the bundle's"), e.getMessage());
    assertTrue(
        !Files.exists(dir.resolve("swapped").resolve("charts").resolve("pulled"))
            || Files.list(dir.resolve("swapped").resolve("charts").resolve("pulled")).count() == 0,
        "nothing written for a refused chart");
  }
}
