package io.airlock.installer.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.airlock.core.CheckFailedException;
import io.airlock.core.oci.Json;
import io.airlock.core.progress.ProgressEvent;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.registry.ListenAddress;
import io.airlock.core.sample.SampleBundle;
import io.airlock.core.signing.ThrowawayKey;
import io.airlock.core.testing.DockerRegistry;
import io.airlock.core.testing.Samples;
import io.airlock.core.testing.Skopeo;
import io.airlock.core.verify.VerificationRequest;
import io.airlock.installer.target.RegistryTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline without a cluster, as the wizard and {@code airlock demo} use it: steps in order
 * with their events, the push checked by skopeo in Debian's docker-registry, the report with a time
 * per step and the mirror files; a failed check stops the run and still leaves a report.
 */
class InstallPipelineTest {

  @TempDir static Path dir;
  static SampleBundle.Result sample;
  static Path key;
  static DockerRegistry registry;

  @BeforeAll
  static void setUp() throws Exception {
    sample = Samples.k0rdent(dir.resolve("bundle.tar"), 3, 4096, 7);
    key = ThrowawayKey.sign(sample.path(), dir.resolve("signer").toString(), ProgressListener.NONE);
    registry = DockerRegistry.start();
  }

  @AfterAll
  static void tearDown() {
    if (registry != null) {
      registry.close();
    }
  }

  private static InstallRequest request(
      InstallRequest.Trust trust, InstallRequest.Destination destination, Path reports) {
    return new InstallRequest(
        sample.path(),
        null,
        trust,
        destination,
        null,
        dir.resolve("work"),
        reports,
        InstallRequest.PushTuning.defaults(),
        InstallRequest.Charts.NONE);
  }

  private static InstallRequest.Trust verified() {
    return new InstallRequest.Trust.Check(
        VerificationRequest.builder()
            .subject(sample.path())
            .keys(key)
            .contents(true)
            .workDir(dir.resolve("work"))
            .build());
  }

  @Test
  void anExternalRegistryRunsEveryStepAndTheReportSaysWhatEachDid() throws Exception {
    Path reports = dir.resolve("reports-external");
    RegistryTarget target =
        RegistryTarget.of(
            registry.host() + "/site", true, null, false, null, false, RegistryTarget.Words.PUSH);
    InstallPipeline pipeline =
        InstallPipeline.of(
            request(verified(), new InstallRequest.Destination.External(target), reports));
    assertEquals(
        List.of("verify", "push", "mirrors", "report"),
        pipeline.steps().stream().map(InstallEvent.StepInfo::id).toList());
    List<ProgressEvent> events = new CopyOnWriteArrayList<>();
    InstallOutcome outcome = pipeline.run(events::add);

    List<String> order =
        events.stream()
            .filter(
                e ->
                    e instanceof InstallEvent.StepStarted || e instanceof InstallEvent.StepFinished)
            .map(
                e ->
                    e instanceof InstallEvent.StepStarted s
                        ? "start " + s.step()
                        : "end " + ((InstallEvent.StepFinished) e).step())
            .toList();
    assertEquals(
        List.of(
            "start verify",
            "end verify",
            "start push",
            "end push",
            "start mirrors",
            "end mirrors",
            "start report",
            "end report"),
        order);
    for (SampleBundle.SampleImage image : sample.images()) {
      assertEquals(
          image.digest(),
          Skopeo.digest(
              "docker://" + registry.host() + "/site/" + image.ref(), "--tls-verify=false"));
    }
    JsonNode report = Json.MAPPER.readTree(outcome.written().json().toFile());
    assertEquals("completed", report.get("outcome").asText());
    assertEquals("passed", report.get("verification").get("verdict").asText());
    assertEquals(3, report.get("steps").size(), report.toPrettyString());
    for (JsonNode step : report.get("steps")) {
      assertEquals("done", step.get("status").asText(), step.toString());
      assertTrue(step.get("seconds").asDouble() >= 0, step.toString());
    }
    assertTrue(report.get("push").get("readBack").asBoolean());
    assertEquals(6, report.get("mirrors").size(), "every format without a cluster");
    String md = Files.readString(outcome.written().markdown());
    assertTrue(md.contains("| push | done | "), md);
    assertTrue(md.contains("/etc/containerd/certs.d/docker.io/hosts.toml"), md);
    assertTrue(
        Files.isRegularFile(
            outcome
                .mirrorsDir()
                .resolve("containerd/etc/containerd/certs.d/docker.io/hosts.toml")));

    // Again: everything is there, one request per image.
    InstallOutcome again =
        InstallPipeline.of(
                request(verified(), new InstallRequest.Destination.External(target), reports))
            .run(ProgressListener.NONE);
    assertEquals(0, again.pushed().pushedCount());
  }

  @Test
  void theEmbeddedRegistryKeepsServingAfterTheRun() throws Exception {
    InstallPipeline pipeline =
        InstallPipeline.of(
            request(
                verified(),
                new InstallRequest.Destination.Embedded(
                    dir.resolve("embedded"), ListenAddress.loopbacks(0), null),
                null));
    assertEquals(
        List.of("verify", "embedded-registry", "push", "mirrors"),
        pipeline.steps().stream().map(InstallEvent.StepInfo::id).toList());
    InstallOutcome outcome = pipeline.run(ProgressListener.NONE);
    try (var local = pipeline.embeddedRegistry()) {
      assertNotNull(local);
      assertEquals(
          sample.images().size() + sample.charts().size(), outcome.pushed().artifacts().size());
      SampleBundle.SampleImage first = sample.images().get(0);
      assertEquals(
          first.digest(),
          Skopeo.digest("docker://" + local.host() + "/" + first.ref(), "--tls-verify=false"));
    }
  }

  /** A bad signature stops at verify: nothing is pushed, and the report says why. */
  @Test
  void aFailedVerificationStopsTheRunAndTheReportSaysSo() throws Exception {
    Path otherKey =
        ThrowawayKey.sign(
            Files.writeString(dir.resolve("other.txt"), "x"),
            dir.resolve("other").toString(),
            ProgressListener.NONE);
    Path reports = dir.resolve("reports-failed");
    RegistryTarget target =
        RegistryTarget.of(
            registry.host() + "/never", true, null, false, null, false, RegistryTarget.Words.PUSH);
    InstallPipeline pipeline =
        InstallPipeline.of(
            request(
                new InstallRequest.Trust.Check(
                    VerificationRequest.builder()
                        .subject(sample.path())
                        .keys(otherKey)
                        .workDir(dir.resolve("work"))
                        .build()),
                new InstallRequest.Destination.External(target),
                reports));
    List<ProgressEvent> events = new CopyOnWriteArrayList<>();
    assertThrows(CheckFailedException.class, () -> pipeline.run(events::add));
    InstallEvent.StepFinished verify =
        events.stream()
            .filter(e -> e instanceof InstallEvent.StepFinished)
            .map(e -> (InstallEvent.StepFinished) e)
            .findFirst()
            .orElseThrow();
    assertEquals(StepStatus.FAILED, verify.status());
    assertTrue(
        events.stream()
            .noneMatch(e -> e instanceof InstallEvent.StepStarted s && s.step().equals("push")));
    Path json;
    try (var files = Files.list(reports)) {
      json = files.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
    }
    JsonNode report = Json.MAPPER.readTree(json.toFile());
    assertEquals("failed", report.get("outcome").asText());
    assertEquals("verify", report.get("steps").get(0).get("name").asText());
    assertEquals("failed", report.get("steps").get(0).get("status").asText());
    assertTrue(report.get("problems").get(0).get("message").asText().length() > 10);
  }
}
