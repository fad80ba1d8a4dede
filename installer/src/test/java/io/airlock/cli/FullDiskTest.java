package io.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.cli.AirlockProcess.Run;
import io.airlock.core.testing.Closeables;
import io.airlock.core.testing.DockerRegistry;
import io.airlock.core.testing.SmallDisk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The work directory on a small disk that is full (a 48 MiB tmpfs mounted by the test; the tests
 * run as root): inspect, push and {@code verify --contents} of a compressed bundle say which
 * directory and how much space, leave nothing half-written, and the same command succeeds once
 * space is freed. The commands run as their own JVM, with the disk reserve set small through the
 * environment.
 */
class FullDiskTest {

  @TempDir static Path dir;
  static SmallDisk disk;
  static Path bundle;
  static DockerRegistry registry;

  @BeforeAll
  static void setUp() throws IOException {
    disk = SmallDisk.mount(dir.resolve("small-disk"), "48m");
    bundle = dir.resolve("airgap-bundle-1.2.3.tar.gz");
    CliRun.sampleBundle(bundle, "--images", "3", "--layer-mb", "2");
    registry = DockerRegistry.start();
  }

  @AfterAll
  static void tearDown() {
    Closeables.closeAll(registry, disk);
  }

  static Run airlock(String... args) throws Exception {
    return AirlockProcess.run(
        Map.of("AIRLOCK_DISK_RESERVE", "1M", "COSIGN_PASSWORD", "s3cret"), args);
  }

  static void assertNothingHalfWritten(Path work) throws IOException {
    if (Files.isDirectory(work)) {
      try (Stream<Path> s = Files.list(work)) {
        assertEquals(List.of(), s.toList(), "nothing half-written is left in " + work);
      }
    }
  }

  /**
   * Runs {@code command} with 6 MiB free on the disk, then frees it again: the command must fail as
   * bad input and leave nothing half-written in {@code work}. Returns what it printed.
   */
  static String failsOnAFullDisk(Path work, String... command) throws Exception {
    Path filler = disk.fill(6 << 20);
    Run full;
    try {
      full = airlock(command);
    } finally {
      Files.delete(filler);
    }
    assertEquals(ExitCodes.BAD_INPUT, full.exit(), full.output());
    assertNothingHalfWritten(work);
    return full.output();
  }

  @Test
  void inspectSaysWhereAndHowMuchAndWorksOnceSpaceIsFreed() throws Exception {
    Path work = disk.resolve("work-inspect");
    String full =
        failsOnAFullDisk(work, "inspect", bundle.toString(), "--work-dir", work.toString());
    assertTrue(
        full.startsWith("error: Not enough free space to unpack " + bundle + " into " + work),
        full);
    assertTrue(full.contains("  what to do: Free up at least "), full);
    assertTrue(full.contains("on a larger disk (--work-dir)."), full);

    Run freed = airlock("inspect", bundle.toString(), "--work-dir", work.toString());
    assertEquals(0, freed.exit(), freed.output());
    assertTrue(freed.output().contains("Version  1.2.3"), freed.output());
  }

  @Test
  void pushSaysWhereAndHowMuchAndWorksOnceSpaceIsFreed() throws Exception {
    Path work = disk.resolve("work-push");
    String[] push = {
      "push",
      bundle.toString(),
      "--registry",
      registry.host() + "/full",
      "--plain-http",
      "--work-dir",
      work.toString()
    };
    String full = failsOnAFullDisk(work, push);
    assertTrue(full.contains("error: Not enough free space to unpack "), full);

    Run freed = airlock(push);
    assertEquals(0, freed.exit(), freed.output());
    // With the disk full once more, the unpacked copy is reused and the push's resume state, a
    // convenience, cannot stop it.
    Path filler = disk.fill(0);
    Run again = airlock(push);
    assertEquals(0, again.exit(), again.output());
    Files.delete(filler);
    try (Stream<Path> s = Files.walk(disk.path())) {
      assertTrue(
          s.noneMatch(p -> p.getFileName().toString().endsWith(".partial")),
          "no temporary file is left");
    }
  }

  @Test
  void verifyContentsSaysWhereAndHowMuchAndWorksOnceSpaceIsFreed() throws Exception {
    String key = dir.resolve("vendor").toString();
    Run keygen = airlock("keygen", "--output-key-prefix", key);
    assertEquals(0, keygen.exit(), keygen.output());
    Run sign = airlock("sign", bundle.toString(), "--key", key + ".key");
    assertEquals(0, sign.exit(), sign.output());
    Path work = disk.resolve("work-verify");
    String[] verify = {
      "verify",
      bundle.toString(),
      "--key",
      key + ".pub",
      "--contents",
      "--work-dir",
      work.toString()
    };
    String full = failsOnAFullDisk(work, verify);
    assertTrue(
        full.contains("error: Not enough free space to unpack " + bundle + " into " + work), full);
    assertTrue(full.contains("  what to do: Free up at least "), full);

    Run freed = airlock(verify);
    assertEquals(0, freed.exit(), freed.output());
    assertTrue(freed.output().matches("(?s).*\\ncontents +passed +\\d+ blobs.*"), freed.output());
  }
}
