package io.airlock.installer.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.BadInputException;
import io.airlock.core.bundle.Bundle;
import io.airlock.core.bundle.BundleOpener;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.sample.SampleBundle;
import io.airlock.installer.charts.ChartChoice;
import io.airlock.installer.charts.ChartSelection;
import io.airlock.installer.charts.HelmReleases;
import io.airlock.installer.mirrors.MirrorTarget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With flat names the charts' images would not resolve through mirrors: Helm's own renderer (the
 * embedded library, offline) renders the sample's chart hello, and the install is refused naming
 * the image and where the registry holds it, until values name that place.
 */
class FlatNamesTest {

  static final String HELLO = "docker.io/airlock-samples/hello:1.0.0";

  @TempDir static Path dir;
  static InstallRun run;
  static HelmReleases helm;

  @BeforeAll
  static void setUp() throws Exception {
    byte[] program = "not a real program".getBytes(StandardCharsets.UTF_8);
    SampleBundle.Result sample =
        new SampleBundle(
                new SampleBundle.Options(1, 4096, SampleBundle.Layout.K0RDENT, 5),
                ProgressListener.NONE)
            .withRunnable(Map.of("amd64", program, "arm64", program))
            .write(dir.resolve("bundle"));
    Bundle bundle =
        new BundleOpener(dir.resolve("work"), ProgressListener.NONE).open(sample.path());
    InstallRequest request =
        new InstallRequest(
            sample.path(),
            bundle,
            new InstallRequest.Trust.Unverified("test"),
            new InstallRequest.Destination.InCluster(),
            null,
            dir.resolve("work"),
            null,
            InstallRequest.PushTuning.defaults(),
            InstallRequest.Charts.NONE);
    run = new InstallRun(request, ProgressListener.NONE);
    Path kubeconfig =
        Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\n");
    helm = HelmReleases.of(kubeconfig, null);
  }

  static MirrorTarget target(boolean flatten) {
    return new MirrorTarget(
        "registry.example:5000",
        false,
        null,
        false,
        "mirror",
        flatten,
        MirrorTarget.DEFAULT_UPSTREAMS);
  }

  static List<ChartSelection.Selected> hello(String... set) throws Exception {
    ChartChoice c = new ChartChoice("hello", null, null, null, List.of(), List.of(set), null);
    return ChartSelection.select(run.bundle(), List.of(c), false);
  }

  @Test
  void withMirroredNamesNothingIsRendered() throws Exception {
    FlatNames.check(run, target(false), null, hello());
  }

  @Test
  void withFlatNamesTheImageAndItsPlaceAreNamed() throws Exception {
    String m =
        assertThrows(
                BadInputException.class, () -> FlatNames.check(run, target(true), helm, hello()))
            .getMessage();
    assertTrue(
        m.contains(
            "hello: "
                + HELLO
                + " is in the registry as registry.example:5000/mirror/airlock-samples/hello:1.0.0"),
        m);
    FlatNames.check(
        run,
        target(true),
        helm,
        hello("image=registry.example:5000/mirror/airlock-samples/hello:1.0.0"));
  }

  @Test
  void everyImageOfRenderedManifestsIsFound() {
    assertEquals(
        List.of("a:1", "b/c:2", "d@sha256:00"),
        FlatNames.images(
            "containers:\n  - name: x\n    image: a:1\n  - image: \"b/c:2\"\n"
                + "initContainers:\n      - image: 'd@sha256:00'\nimageRef: no\n"));
  }
}
