package io.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.cli.AirlockProcess.Run;
import io.airlock.core.testing.Closeables;
import io.airlock.core.testing.SmallDisk;
import io.airlock.core.testing.StoreCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code airlock serve} with its storage on a small disk (a 40 MiB tmpfs mounted by the test; the
 * tests run as root), pushed to by {@code airlock push}, both as their own JVMs: a push that does
 * not fit is refused at once with the storage-full error (no retries), the server's log names the
 * directory, the request and the space, nothing half-written is visible in the store, and the same
 * push succeeds once space is freed.
 */
class ServeFullDiskTest {

  @TempDir static Path dir;
  static SmallDisk disk;
  static Path bundle;
  static ServeProcess serve;

  @BeforeAll
  static void setUp() throws Exception {
    disk = SmallDisk.mount(dir.resolve("small-disk"), "40m");
    bundle = dir.resolve("bundle");
    CliRun.sampleBundle(bundle, "--images", "4", "--layer-mb", "3");
    serve = ServeProcess.start(disk.resolve("store"), 0);
  }

  @AfterAll
  static void tearDown() {
    Closeables.closeAll(serve, disk);
  }

  static Run push(String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("push", bundle.toString()));
    args.addAll(List.of("--registry", "127.0.0.1:" + serve.port + "/full", "--plain-http"));
    args.addAll(List.of("--work-dir", dir.resolve("work").toString()));
    args.addAll(List.of(extra));
    return AirlockProcess.run(Map.of(), args.toArray(String[]::new));
  }

  @Test
  void aPushThatDoesNotFitIsRefusedLeavesNothingHalfWrittenAndWorksOnceSpaceIsFreed()
      throws Exception {
    Path store = disk.resolve("store");
    Path filler = disk.fill(10 << 20);
    Run full = push();
    assertEquals(ExitCodes.REMOTE_FAILED, full.exit(), full.output());
    assertTrue(
        full.output().contains(": the registry's storage is full: no space left on its disk ("),
        full.output());
    assertTrue(full.output().contains(" free of "), full.output());
    assertTrue(
        full.output().contains("  what to do: The registry's storage is full: free space on its"),
        full.output());
    assertTrue(
        full.output().contains("stop it and run 'airlock registry gc'"),
        "the command line names its command: " + full.output());
    assertFalse(full.output().contains("retry 1/"), "a full disk is not retried: " + full.output());
    String log = serve.output();
    assertTrue(
        log.contains("warning: Refused ")
            && log.contains(": the registry's storage " + store + " is full: no space left on its"),
        log);
    // Nothing half-written: every blob file is whole, every manifest complete, no temporary file.
    StoreCheck.assertConsistent(store);

    Files.delete(filler);
    Run freed = push("--verify");
    assertEquals(0, freed.exit(), freed.output());
    StoreCheck.assertConsistent(store);
  }
}
