package io.airlock.core.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.BadInputException;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.testing.Command;
import io.airlock.core.testing.Samples;
import io.airlock.core.testing.Skopeo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** skopeo accepts every image of a sample bundle, in both layouts, and copies it in full. */
class SampleBundleTest {

  @TempDir Path dir;

  @Test
  void skopeoCopiesEveryImageOfTheK0rdentSample() throws Exception {
    SampleBundle.Result result = Samples.k0rdent(dir.resolve("k0rdent"), 4, 40 * 1024, 9);
    for (SampleBundle.SampleImage image : result.images()) {
      Path archive = result.path().resolve(image.archive());
      boolean docker =
          Command.ok("tar", "-tf", archive.toString())
              .out()
              .lines()
              .anyMatch("manifest.json"::equals);
      String source = (docker ? "docker-archive:" : "oci-archive:") + archive;
      assertEquals(image.digest(), Skopeo.digest(source), image.ref());
      // A full copy makes skopeo read and check every blob against its digest.
      Skopeo.copy(source, "oci:" + dir.resolve("copy") + ":" + image.ref(), "--all");
    }
  }

  @Test
  void skopeoCopiesEveryImageOfTheOciLayoutSample() throws Exception {
    SampleBundle.Result result = Samples.ociLayout(dir.resolve("layout.tar"), 3, 40 * 1024, 9);
    Path unpacked = Files.createDirectories(dir.resolve("layout"));
    Command.ok("tar", "-xf", result.path().toString(), "-C", unpacked.toString());
    for (SampleBundle.SampleImage image : result.images()) {
      String source = "oci:" + unpacked + ":" + image.ref();
      assertEquals(image.digest(), Skopeo.digest(source));
      Skopeo.copy(source, "dir:" + dir.resolve("dir-" + image.ref().hashCode()), "--all");
    }
  }

  /**
   * With programs to run, the sample gains docker.io/airlock-samples/hello:1.0.0 (each
   * architecture's program at /hello, mode 0555, run unprivileged) and the chart hello that deploys
   * it under that upstream name.
   */
  @Test
  void theRunnableImageHoldsItsProgramAndItsChartDeploysItByItsUpstreamName() throws Exception {
    byte[] amd64 = "program for amd64".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] arm64 = "program for arm64".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    SampleBundle.Result result =
        new SampleBundle(
                new SampleBundle.Options(1, 1024, SampleBundle.Layout.K0RDENT, 2),
                ProgressListener.NONE)
            .withRunnable(java.util.Map.of("amd64", amd64, "arm64", arm64))
            .write(dir.resolve("runnable"));
    SampleBundle.SampleImage hello =
        result.images().stream()
            .filter(i -> i.ref().equals("docker.io/airlock-samples/hello:1.0.0"))
            .findFirst()
            .orElseThrow();
    String source = "oci-archive:" + result.path().resolve(hello.archive());
    for (String arch : List.of("amd64", "arm64")) {
      Path out = dir.resolve("hello-" + arch);
      Skopeo.copy(source, "dir:" + out, "--override-arch", arch);
      String config =
          Command.ok("skopeo", "inspect", "--config", "--override-arch", arch, source).out();
      var runtime =
          io.airlock.core.oci.Json.parse(config.getBytes(java.nio.charset.StandardCharsets.UTF_8))
              .path("config");
      assertEquals("65532:65532", runtime.path("User").asText(), config);
      assertEquals("/hello", runtime.path("Entrypoint").get(0).asText(), config);
      String manifest = Files.readString(out.resolve("manifest.json"));
      String layer =
          manifest.replaceAll(
              "(?s).*\"layers\":\\[\\{[^}]*\"digest\":\"sha256:([0-9a-f]+)\".*", "$1");
      String listing = Command.ok("tar", "-tvzf", out.resolve(layer).toString()).out();
      assertTrue(listing.startsWith("-r-xr-xr-x 0/0"), listing);
      assertTrue(listing.strip().endsWith(" hello"), listing);
      Path unpacked = Files.createDirectories(dir.resolve("layer-" + arch));
      Command.ok("tar", "-xzf", out.resolve(layer).toString(), "-C", unpacked.toString());
      assertEquals(
          new String(arch.equals("amd64") ? amd64 : arm64, java.nio.charset.StandardCharsets.UTF_8),
          Files.readString(unpacked.resolve("hello")));
    }
    assertTrue(result.charts().contains("hello_0.1.0.tgz"), result.charts().toString());
    String values =
        Command.ok(
                "tar",
                "-xzOf",
                result.path().resolve("charts/hello_0.1.0.tgz").toString(),
                "hello/values.yaml")
            .out();
    assertTrue(values.contains("image: docker.io/airlock-samples/hello:1.0.0"), values);
  }

  @Test
  void refusesToOverwriteAndLeavesNothingOnFailure() throws Exception {
    Path existing = Files.createDirectories(dir.resolve("exists"));
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () ->
                new SampleBundle(SampleBundle.Options.defaults(), ProgressListener.NONE)
                    .write(existing));
    assertTrue(e.getMessage().endsWith("already exists."));
    try (var left = Files.list(dir)) {
      assertFalse(left.anyMatch(p -> p.getFileName().toString().startsWith(".airlock-sample-")));
    }
  }
}
