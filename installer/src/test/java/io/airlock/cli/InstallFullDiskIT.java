package io.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.airlock.core.sample.SampleBundle;
import io.airlock.core.testing.Skopeo;
import io.airlock.core.testing.SmallDisk;
import io.airlock.core.testing.StoreCheck;
import io.airlock.installer.testing.NeedsNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * {@code airlock install} on the test lab's real node, mode nodeport, with the registry's data in a
 * node directory ({@code --storage-node-path}) on a small tmpfs the test mounts on the node's
 * machine (this one): the bundle's images do not fit, so the push fails with one message that says
 * the in-cluster registry's storage is full, names the node and directory, the space the registry
 * reported and what to do, exit 3, no stack trace; nothing half-written is in the store. Once the
 * tmpfs is grown the same command completes, every image's digest is served, and uninstall leaves
 * nothing of Airlock's.
 */
@NeedsNode
class InstallFullDiskIT extends NodeInstallBase {

  static final String PULL = "127.0.0.1:31999";

  static SmallDisk disk;
  static CliRun full;
  static long fullMillis;

  @BeforeAll
  static void installOnASmallDisk() throws Exception {
    // the registry data directory LabInstalls gives: 12 MiB, for 4 images of 4 MiB layers and more
    disk = SmallDisk.mount(dir.resolve("registry-data"), "12m");
    sample = LabInstalls.runnableSample(dir.resolve("bundle"), 4, 4 << 20, 23);
    long t0 = System.nanoTime();
    full = CliRun.of(LabInstalls.install(lab, sample.path(), dir));
    fullMillis = (System.nanoTime() - t0) / 1_000_000;
    System.err.printf("[install-full-disk-it] failed install %d ms:%n%s%n", fullMillis, full);
  }

  /** Leaves the lab and the machine as they were, whatever failed: no cluster objects, no mount. */
  @AfterAll
  static void tearDown() {
    try {
      if (lab != null && lab.client().namespaces().withName(LabInstalls.NS).get() != null) {
        CliRun.of(LabInstalls.uninstall(lab));
      }
    } finally {
      if (disk != null) {
        disk.close();
      }
    }
  }

  @Test
  @Order(1)
  void thePushFailsWithOneMessageSayingTheRegistrysStorageIsFull() {
    String err = full.err();
    assertEquals(ExitCodes.REMOTE_FAILED, full.exitCode(), full.toString());
    assertTrue(err.contains("The in-cluster registry's storage is full"), err);
    assertTrue(
        err.contains("the directory " + disk.path() + " of node " + lab.nodeName()),
        "names the node directory: " + err);
    assertTrue(err.contains(" free of "), "gives the space the registry reported: " + err);
    assertTrue(
        err.contains("The push needs " + pushTotal(err) + " in all; about "),
        "gives the space the push needs: " + err);
    assertTrue(
        err.contains("what to do: Free space in " + disk.path() + " on node " + lab.nodeName()),
        err);
    assertTrue(
        err.contains("then run the same command again; it continues where this one stopped"), err);
    assertFalse(err.contains("registry gc"), "no advice for a registry on this machine: " + err);
    assertEquals(1, count(err, "storage is full"), "one message: " + err);
    assertFalse(err.contains("retry 1/"), "a full disk is not retried: " + err);
    String all = full.out() + err;
    assertFalse(all.contains("\tat ") || all.contains("Exception"), "no stack trace: " + all);
  }

  /**
   * Every manifest the registry stored has all its blobs; no temporary file is left once the
   * requests the failed push had in the tunnels when it stopped have reached the registry (a CI run
   * saw one upload session still being made as the command exited).
   */
  @Test
  @Order(2)
  void nothingHalfWrittenIsInTheRegistrysStore() throws Exception {
    StoreCheck.assertConsistentWithin(store(), Duration.ofSeconds(15));
  }

  @Test
  @Order(3)
  void theSameCommandCompletesOnceTheDiskIsGrown() throws Exception {
    disk.grow("128m");
    long t0 = System.nanoTime();
    CliRun again = CliRun.of(LabInstalls.install(lab, sample.path(), dir));
    System.err.printf(
        "[install-full-disk-it] install after growing the disk %d ms%n",
        (System.nanoTime() - t0) / 1_000_000);
    assertEquals(0, again.exitCode(), again.toString());
    JsonNode report = LabInstalls.latestReport(dir.resolve("reports"));
    assertEquals("completed", report.get("outcome").asText());
    List<String> served = LabInstalls.assertEveryArtifactServed(report);
    for (SampleBundle.SampleImage i : sample.images()) {
      assertTrue(served.contains(i.ref()), i.ref() + " not in " + served);
      assertEquals(
          i.digest().toString(),
          Skopeo.digest("docker://" + PULL + "/" + i.ref(), "--tls-verify=false").toString(),
          i.ref());
    }
    StoreCheck.assertConsistent(store());
  }

  @Test
  @Order(4)
  void uninstallLeavesNothingOfAirlocks() throws Exception {
    LabInstalls.uninstallLeavesNothing(lab);
  }

  /** The registry's store in the node directory (its data volume). */
  private static Path store() {
    Path root = disk.path();
    return Files.isDirectory(root.resolve("blobs")) ? root : root.resolve("store");
  }

  /** The push's total as its first line gives it: "Pushing 9 images ... (37.9 MB, 26 blobs)". */
  private static String pushTotal(String err) {
    Matcher m =
        Pattern.compile("^Pushing .* \\((\\S+ \\S+), \\d+ blobs\\)", Pattern.MULTILINE)
            .matcher(err);
    assertTrue(m.find(), "no push line: " + err);
    return m.group(1);
  }

  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
