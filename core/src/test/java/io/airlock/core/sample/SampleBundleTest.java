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
