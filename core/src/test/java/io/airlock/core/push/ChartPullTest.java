package io.airlock.core.push;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.CheckFailedException;
import io.airlock.core.bundle.Bundle;
import io.airlock.core.bundle.BundleChart;
import io.airlock.core.digest.Digest;
import io.airlock.core.distribution.RegistryClient;
import io.airlock.core.distribution.RegistryEndpoint;
import io.airlock.core.distribution.TlsSettings;
import io.airlock.core.oci.Json;
import io.airlock.core.oci.MediaTypes;
import io.airlock.core.oci.TargetNaming;
import io.airlock.core.sample.SampleBundle;
import io.airlock.core.testing.DockerRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Charts read back from a real docker-registry after a push, as Helm gets them. */
class ChartPullTest {

  @TempDir static Path dir;
  @AutoClose static DockerRegistry registry;
  static Bundle bundle;
  static PushOptions options;

  @BeforeAll
  static void pushSample() throws Exception {
    registry = DockerRegistry.start();
    bundle =
        PushFixtures.sample(
            dir.resolve("sample"),
            new SampleBundle.Options(2, 100_000, SampleBundle.Layout.K0RDENT, 11));
    options = PushFixtures.options(registry.host(), "mirror", dir.resolve("state"));
    PushFixtures.push(bundle, options, dir.resolve("work"), new PushFixtures.Events());
  }

  @Test
  void everyChartComesBackAsTheBundlesArchive() throws Exception {
    assertTrue(bundle.charts().size() >= 2);
    for (BundleChart chart : bundle.charts()) {
      Path pulled = ChartPull.fetch(options, chart, dir.resolve("pull"));
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
