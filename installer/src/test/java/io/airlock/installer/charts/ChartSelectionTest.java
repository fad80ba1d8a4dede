package io.airlock.installer.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.BadInputException;
import io.airlock.core.bundle.Bundle;
import io.airlock.core.bundle.BundleOpener;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.sample.SampleBundle;
import io.airlock.core.testing.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which charts become releases: the bundle's defaults and the person's choices. */
class ChartSelectionTest {

  @TempDir static Path dir;
  static SampleBundle.Result k0rdent;

  @BeforeAll
  static void sample() throws Exception {
    k0rdent = Samples.k0rdent(dir.resolve("k0rdent"), 2, 4096, 3);
  }

  static Bundle open(Path p) throws Exception {
    return new BundleOpener(dir.resolve("work"), ProgressListener.NONE).open(p);
  }

  @Test
  void aK0rdentBundleInstallsItsProductByDefault() throws Exception {
    Bundle b = open(k0rdent.path());
    List<ChartChoice> d = ChartSelection.defaults(b);
    assertEquals(1, d.size(), d.toString());
    assertEquals("k0rdent-enterprise", d.get(0).chart());
    assertEquals("k0rdent-enterprise", d.get(0).release());
    assertEquals(SampleBundle.PRODUCT_VERSION, d.get(0).version());
    assertEquals(List.of(), ChartSelection.select(b, List.of(), false));
    assertEquals(
        "k0rdent-enterprise", ChartSelection.select(b, List.of(), true).get(0).chart().name());
  }

  @Test
  void theManifestDecidesTheDefaultsAndThePersonsChoiceKeepsTheirValues() throws Exception {
    Bundle plain = open(k0rdent.path());
    String other =
        plain.charts().stream()
            .filter(c -> !c.name().equals("k0rdent-enterprise"))
            .findFirst()
            .orElseThrow()
            .source();
    Path copy = dir.resolve("with-manifest");
    io.airlock.core.testing.Trees.copyTree(k0rdent.path(), copy);
    Files.writeString(
        copy.resolve("airlock-bundle.yaml"),
        "apiVersion: airlock.io/v1\nkind: Bundle\nname: demo\ncharts:\n"
            + "  - source: "
            + other
            + "\n    install:\n      namespace: apps\n      values: {replicas: 3}\n");
    Bundle b = open(copy);
    List<ChartChoice> d = ChartSelection.defaults(b);
    assertEquals(1, d.size(), d.toString());
    assertEquals("apps", d.get(0).namespace());
    assertEquals("replicas: 3\n", d.get(0).bundleValues());
    ChartChoice mine =
        new ChartChoice(
            d.get(0).chart(), null, null, "apps", List.of(), List.of("replicas=1"), null);
    List<ChartSelection.Selected> s = ChartSelection.select(b, List.of(mine), true);
    assertEquals(1, s.size());
    assertEquals("replicas: 3\n", s.get(0).choice().bundleValues());
    assertEquals(List.of("replicas=1"), s.get(0).choice().set());
  }

  @Test
  void aChartTheBundleDoesNotHoldIsNamedWithThoseItHolds() throws Exception {
    Bundle b = open(k0rdent.path());
    String m =
        assertThrows(
                BadInputException.class,
                () -> ChartSelection.select(b, List.of(ChartChoice.of("nginx")), false))
            .getMessage();
    assertTrue(m.startsWith("The bundle holds no chart nginx; it holds: "), m);
    assertTrue(m.contains("k0rdent-enterprise " + SampleBundle.PRODUCT_VERSION), m);
    assertThrows(
        BadInputException.class,
        () ->
            ChartSelection.select(
                b, List.of(ChartChoice.of("k0rdent-enterprise").withVersion("9.9.9")), false));
  }

  @Test
  void versionsCompareByTheirNumbers() {
    assertTrue(ChartSelection.compareVersions("0.10.0", "0.9.1") > 0);
    assertTrue(ChartSelection.compareVersions("1.2.3", "1.2.3") == 0);
    assertTrue(ChartSelection.compareVersions("1.2", "1.2.1") < 0);
  }
}
