package io.airlock.app.wizard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The bar of one artifact on the Install page: full only once the push says it is done. */
class InstallRowTest {

  @Test
  void blobsAloneNeverFillTheBarEvenWhenTheyExceedTheBundlesCount() {
    // A chart: the bundle counts its archive (1000 bytes); the push also sends a config.
    InstallPage.Row chart = new InstallPage.Row("charts/demo-app:0.1.0", 1000);
    chart.bytes(500);
    assertEquals(0.5, chart.progress.get(), 1e-9);
    chart.bytes(1180);
    assertTrue(chart.progress.get() < 1, "at " + chart.progress.get());
    assertTrue(chart.progress.get() > 0.5, "at " + chart.progress.get());
    chart.progress(1); // the push's "done"
    chart.bytes(1200);
    assertEquals(1, chart.progress.get());
  }

  @Test
  void aRowTheBundleGivesNoSizeForKeepsItsBarUntilDone() {
    InstallPage.Row unknown = new InstallPage.Row("signature", 0);
    unknown.bytes(4096);
    assertEquals(0, unknown.progress.get());
  }
}
