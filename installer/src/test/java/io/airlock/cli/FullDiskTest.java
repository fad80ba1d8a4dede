package io.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.testing.Command;
import io.airlock.core.testing.DockerRegistry;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The work directory on a small disk that is full (a 48 MiB tmpfs mounted by the test; the tests
 * run as root): inspect and push of a compressed bundle say which directory and how much space,
 * leave nothing half-written, and the same command succeeds once space is freed. The commands run
 * as their own JVM, with the disk reserve set small through the environment.
 */
class FullDiskTest {

  @TempDir static Path dir;
  static Path disk;
  static Path bundle;
  static DockerRegistry registry;

  @BeforeAll
  static void setUp() {
    disk = dir.resolve("small-disk");
    Command.ok("mkdir", "-p", disk.toString());
    Command.ok("mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", disk.toString());
    bundle = dir.resolve("airgap-bundle-1.2.3.tar.gz");
    CliRun made =
        CliRun.of("sample-bundle", bundle.toString(), "--images", "3", "--layer-mb", "2", "-q");
    assertEquals(0, made.exitCode(), made.toString());
    registry = DockerRegistry.start();
  }

  @AfterAll
  static void tearDown() {
    if (registry != null) {
      registry.close();
    }
    Command.run("umount", disk.toString());
  }

  record Run(int exit, String output) {}

  static Run airlock(String... args) throws Exception {
    ProcessBuilder pb = AirlockProcess.builder(args).redirectErrorStream(true);
    pb.environment().put("AIRLOCK_DISK_RESERVE", "1M");
    Process p = pb.start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(2, TimeUnit.MINUTES));
    return new Run(p.exitValue(), output);
  }

  /** Fills the disk until only {@code leave} bytes are free. */
  static Path fill(long leave) throws IOException {
    Path filler = disk.resolve("filler");
    long free = Files.getFileStore(disk).getUsableSpace();
    try (RandomAccessFile f = new RandomAccessFile(filler.toFile(), "rw")) {
      byte[] chunk = new byte[1 << 20];
      for (long left = free - leave; left > 0; left -= chunk.length) {
        f.write(chunk, 0, (int) Math.min(chunk.length, left));
      }
    }
    return filler;
  }

  static void assertNothingHalfWritten(Path work) throws IOException {
    if (Files.isDirectory(work)) {
      try (Stream<Path> s = Files.list(work)) {
        assertEquals(List.of(), s.toList(), "nothing half-written is left in " + work);
      }
    }
  }

  @Test
  void inspectSaysWhereAndHowMuchAndWorksOnceSpaceIsFreed() throws Exception {
    Path work = disk.resolve("work-inspect");
    Path filler = fill(6 << 20);
    Run full = airlock("inspect", bundle.toString(), "--work-dir", work.toString());
    assertEquals(ExitCodes.BAD_INPUT, full.exit(), full.output());
    assertTrue(
        full.output()
            .startsWith("error: Not enough free space to unpack " + bundle + " into " + work),
        full.output());
    assertTrue(full.output().contains("  what to do: Free up at least "), full.output());
    assertTrue(full.output().contains("on a larger disk (--work-dir)."), full.output());
    assertNothingHalfWritten(work);

    Files.delete(filler);
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
    Path filler = fill(6 << 20);
    Run full = airlock(push);
    assertEquals(ExitCodes.BAD_INPUT, full.exit(), full.output());
    assertTrue(full.output().contains("error: Not enough free space to unpack "), full.output());
    assertNothingHalfWritten(work);

    Files.delete(filler);
    Run freed = airlock(push);
    assertEquals(0, freed.exit(), freed.output());
    // With the disk full once more, the unpacked copy is reused and the push's resume state, a
    // convenience, cannot stop it.
    filler = fill(0);
    Run again = airlock(push);
    assertEquals(0, again.exit(), again.output());
    Files.delete(filler);
    try (Stream<Path> s = Files.walk(disk)) {
      assertTrue(
          s.noneMatch(p -> p.getFileName().toString().endsWith(".partial")),
          "no temporary file is left");
    }
  }
}
