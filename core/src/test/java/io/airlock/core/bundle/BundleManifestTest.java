package io.airlock.core.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.BadInputException;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.sample.SampleBundle;
import io.airlock.core.testing.Samples;
import io.airlock.core.testing.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** airlock-bundle.yaml, when present, is what the bundle is. */
class BundleManifestTest {

  @TempDir static Path dir;
  static SampleBundle.Result k0rdent;
  static SampleBundle.Result layout;
  static int counter;

  @BeforeAll
  static void makeSamples() throws Exception {
    k0rdent = Samples.k0rdent(dir.resolve("k0rdent"), 3, 16 * 1024, 2);
    layout = Samples.ociLayout(dir.resolve("layout"), 3, 16 * 1024, 2);
  }

  /** A copy of the k0rdent sample, with the layout sample inside it, and this manifest. */
  static Path bundleWith(String yaml) throws Exception {
    Path copy = dir.resolve("bundle-" + counter++);
    Trees.copyTree(k0rdent.path(), copy);
    Trees.copyTree(layout.path(), copy.resolve("cache.oci"));
    Files.writeString(copy.resolve("airlock-bundle.yaml"), yaml);
    return copy;
  }

  static Bundle open(Path path) throws Exception {
    return new BundleOpener(dir.resolve("work"), ProgressListener.NONE).open(path);
  }

  static String message(String yaml) throws Exception {
    Path bundle = bundleWith(yaml);
    return assertThrows(BadInputException.class, () -> open(bundle)).getMessage();
  }

  @Test
  void theManifestNamesImagesAndGivesTheVersion() throws Exception {
    SampleBundle.SampleImage first = k0rdent.images().get(0);
    SampleBundle.SampleImage second = layout.images().get(1);
    Bundle bundle =
        open(
            bundleWith(
                """
                apiVersion: airlock.io/v1
                kind: Bundle
                name: demo
                version: 9.9.9
                images:
                  - ref: registry.example.com/team/first:1.0
                    source: %s
                    digest: %s
                  - ref: registry.example.com/team/second:2.0
                    source: cache.oci
                    select: %s
                charts:
                  - source: charts/demo-app_0.1.0.tgz
                signature:
                  file: bundle.tar.sig
                  keyFingerprint: SHA256:abc
                """
                    .formatted(first.archive(), first.digest(), second.ref())));
    assertEquals(BundleFormat.AIRLOCK, bundle.format());
    assertEquals("demo", bundle.name());
    assertEquals("9.9.9", bundle.version());
    assertEquals(
        List.of("registry.example.com/team/first:1.0", "registry.example.com/team/second:2.0"),
        bundle.images().stream().map(BundleImage::ref).toList());
    assertEquals(first.digest(), bundle.images().get(0).digest());
    assertEquals(second.digest(), bundle.images().get(1).digest());
    assertTrue(bundle.images().stream().noneMatch(BundleImage::refGuessed));
    assertEquals(List.of("demo-app"), bundle.charts().stream().map(BundleChart::name).toList());
    assertEquals("bundle.tar.sig", bundle.manifestIfAny().orElseThrow().signature().file());
  }

  @Test
  void aPinnedDigestThatDoesNotMatchIsRefused() throws Exception {
    SampleBundle.SampleImage first = k0rdent.images().get(0);
    String wrong = k0rdent.images().get(1).digest().toString();
    String m =
        message(
            """
            apiVersion: airlock.io/v1
            kind: Bundle
            name: demo
            images:
              - ref: example.com/a:1
                source: %s
                digest: %s
            """
                .formatted(first.archive(), wrong));
    assertTrue(m.contains(": images[0] pins example.com/a:1 to " + wrong + " but "), m);
  }

  @Test
  void aSourceWithSeveralImagesNeedsSelect() throws Exception {
    String m =
        message(
            """
            apiVersion: airlock.io/v1
            kind: Bundle
            name: demo
            images:
              - ref: example.com/a:1
                source: cache.oci
            """);
    assertTrue(m.contains("cache.oci holds 3 images; say which with 'select:'"), m);
  }

  @Test
  void mistakesInTheManifestAreNamedByField() throws Exception {
    String header = "apiVersion: airlock.io/v1\nkind: Bundle\nname: demo\n";
    assertTrue(
        message(header + "images:\n  - ref: example.com/a:1\n    source: nowhere.tar\n")
            .endsWith("images[0].source nowhere.tar is not in the bundle."));
    assertTrue(
        message(header + "images:\n  - ref: example.com/a:1\n")
            .endsWith("images[0].source is missing."));
    assertTrue(message(header + "imagez: []\n").contains("has an unknown field 'imagez'"));
    assertTrue(
        message("apiVersion: airlock.io/v9\nkind: Bundle\nname: x\n")
            .contains("apiVersion is 'airlock.io/v9'; this Airlock reads airlock.io/v1."));
    assertTrue(
        message(header + "images:\n  - ref: 'Not A Ref'\n    source: x\n")
            .contains("images[0].ref"));
    assertTrue(
        message(header + "charts:\n  - source: ../../etc/passwd\n").contains("not in the bundle"));
    assertTrue(message("- just\n- a list\n").contains("the document must be a mapping"));
  }

  @Test
  void aChartMayBeInstalledByDefaultWithItsValues() throws Exception {
    BundleManifest m =
        BundleManifest.parse(
            """
            apiVersion: airlock.io/v1
            kind: Bundle
            name: demo
            charts:
              - source: charts/a.tgz
                install: true
              - source: charts/b.tgz
                install:
                  release: bee
                  namespace: tools
                  values:
                    replicas: 2
                    image: {tag: "1.0"}
              - source: charts/c.tgz
                install: false
              - source: charts/d.tgz
            """
                .getBytes(java.nio.charset.StandardCharsets.UTF_8),
            "airlock-bundle.yaml");
    List<BundleManifest.ChartEntry> c = m.charts();
    assertEquals(new BundleManifest.ChartInstall(null, null, null), c.get(0).install());
    BundleManifest.ChartInstall b = c.get(1).install();
    assertEquals("bee", b.release());
    assertEquals("tools", b.namespace());
    assertEquals("replicas: 2\nimage:\n  tag: '1.0'\n", b.values());
    assertEquals(null, c.get(2).install());
    assertEquals(null, c.get(3).install());
    String header = "apiVersion: airlock.io/v1\nkind: Bundle\nname: demo\n";
    assertTrue(
        message(header + "charts:\n  - source: x\n    install: {values: [1]}\n")
            .endsWith("charts[0].install.values must be a mapping."));
    assertTrue(
        message(header + "charts:\n  - source: x\n    install: {relase: y}\n")
            .contains("charts[0].install has an unknown field 'relase'"));
  }
}
