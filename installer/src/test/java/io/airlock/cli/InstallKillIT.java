package io.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.airlock.core.sample.SampleBundle;
import io.airlock.core.testing.Skopeo;
import io.airlock.installer.state.InstallState;
import io.airlock.installer.state.StateStore;
import io.airlock.installer.testing.NeedsNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of {@code airlock install} inside a step, on the test lab's real node: killed
 * while it sends the seed, {@code airlock uninstall} removes everything; killed while the registry
 * starts, the next run goes on, and killed in turn while it pushes, the run after it completes (the
 * push continuing where it stopped), and uninstall leaves nothing. Each kill is of a JVM of its
 * own, as a person's Ctrl-C or a dying laptop would stop it.
 */
@NeedsNode
class InstallKillIT extends NodeInstallBase {

  static final Duration MOMENT = Duration.ofMinutes(5);

  @BeforeAll
  static void makeSample() throws Exception {
    // Large enough that the push is still going when its first image is done.
    sample = LabInstalls.runnableSample(dir.resolve("bundle"), 3, 3_000_000, 22);
  }

  @AfterAll
  static void tearDown() {
    if (lab != null
        && lab.client().secrets().inNamespace(NS).withName(StateStore.NAME).get() != null) {
      CliRun.of(LabInstalls.uninstall(lab));
    }
  }

  private static String[] install() {
    return LabInstalls.install(lab, sample.path(), dir);
  }

  @Test
  @Order(1)
  void killedWhileSendingTheSeedThenUninstallRemovesEverything() throws Exception {
    long t0 = System.nanoTime();
    String out = KilledRun.start(install()).killWhen(() -> payloadChunks() >= 3, MOMENT);
    System.err.printf(
        "[install-it] killed in the seed after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    assertTrue(out.contains("Seed the registry image"), out);
    InstallState state = StateStore.read(lab.client(), NS).orElseThrow();
    assertEquals(InstallState.INSTALLING, state.status());

    CliRun u = CliRun.of(LabInstalls.uninstall(lab));
    assertEquals(0, u.exitCode(), u.toString());
    assertTrue(u.out().contains("The last installation stopped before its end"), u.out());
    LabInstalls.awaitNothingLeft(lab);
  }

  @Test
  @Order(2)
  void killedWhileTheRegistryStartsThenWhilePushingThenARunCompletes() throws Exception {
    String inRegistry =
        KilledRun.start(install())
            .killWhen(
                () ->
                    lab.client()
                            .apps()
                            .deployments()
                            .inNamespace(NS)
                            .withName("airlock-registry")
                            .get()
                        != null,
                MOMENT);
    assertTrue(inRegistry.contains("Run the registry in the cluster"), inRegistry);

    KilledRun next = KilledRun.start(install());
    String inPush = next.killWhen(() -> next.printed(l -> l.startsWith("  pushed ")), MOMENT);
    assertTrue(inPush.contains("Push every image and chart"), inPush);

    long t0 = System.nanoTime();
    CliRun last = CliRun.of(install());
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(0, last.exitCode(), last.toString());
    JsonNode report = LabInstalls.latestReport(dir.resolve("reports"));
    System.err.printf(
        "[install-it] the run after the kills: %d ms, steps %s%n",
        millis, LabInstalls.steps(report));
    assertEquals("completed", report.get("outcome").asText());
    JsonNode push = report.get("push");
    assertTrue(push.get("alreadyPresent").asInt() >= 1, "nothing was left from before: " + push);
    assertTrue(push.get("pushed").asInt() >= 1, "nothing was left to push: " + push);
    for (SampleBundle.SampleImage i : sample.images()) {
      assertEquals(
          i.digest(),
          Skopeo.digest("docker://127.0.0.1:31999/" + i.ref(), "--tls-verify=false"),
          i.ref());
    }
    assertEquals(InstallState.INSTALLED, StateStore.read(lab.client(), NS).orElseThrow().status());
  }

  @Test
  @Order(3)
  void uninstallAfterwardsLeavesNothing() throws Exception {
    LabInstalls.uninstallLeavesNothing(lab);
  }

  /** The seed's payload ConfigMaps in the cluster so far. */
  private static int payloadChunks() {
    return LabInstalls.seedPayload(lab).size();
  }
}
