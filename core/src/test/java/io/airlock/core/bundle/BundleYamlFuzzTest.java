package io.airlock.core.bundle;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.airlock.core.archive.Compression;
import io.airlock.core.archive.FileSlice;
import io.airlock.core.archive.TarWriter;
import io.airlock.core.testing.FuzzInputs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Tag;

/**
 * Fuzzes the YAML of a bundle: airlock-bundle.yaml (first byte even) and a chart's Chart.yaml, read
 * from a chart archive the target packs (first byte odd).
 */
@Tag("fuzz")
class BundleYamlFuzzTest {

  static final Path DIR = FuzzInputs.scratch("yaml");

  static {
    String manifest =
        "apiVersion: airlock.io/v1\nkind: Bundle\nname: demo\nversion: 1.2.3\nimages:\n"
            + "  - ref: nginx:1.25\n    source: vendor/nginx_1.25.tar\n    digest: sha256:"
            + "0".repeat(64)
            + "\ncharts:\n  - source: charts/demo-0.1.0.tgz\nsignature:\n  file: x.sig\n";
    String chart = "apiVersion: v2\nname: demo\nversion: 0.1.0\nappVersion: \"1.0\"\n";
    FuzzInputs.seed(
        BundleYamlFuzzTest.class,
        "yaml",
        Map.of(
            "manifest", TarArchiveFuzzTest.form(0, manifest.getBytes(StandardCharsets.UTF_8)),
            "chart", TarArchiveFuzzTest.form(1, chart.getBytes(StandardCharsets.UTF_8))));
  }

  @FuzzTest(maxDuration = "5s")
  void yaml(byte[] input) throws Exception {
    if (input.length < 1) {
      return;
    }
    byte[] yaml = Arrays.copyOfRange(input, 1, input.length);
    if ((input[0] & 1) == 0) {
      FuzzInputs.expectOnlyTypedErrors(() -> BundleManifest.parse(yaml, "airlock-bundle.yaml"));
      return;
    }
    Path chart = DIR.resolve("chart.tgz");
    try (TarWriter tar = TarWriter.create(chart, Compression.GZIP)) {
      tar.addBytes("demo/Chart.yaml", yaml);
    }
    FuzzInputs.expectOnlyTypedErrors(
        () -> ChartReader.read(FileSlice.of(chart, Files.size(chart)), "charts/x.tgz", "x.tgz"));
  }
}
