package io.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.archive.Compression;
import io.airlock.core.testing.Command;
import io.airlock.core.testing.Samples;
import io.airlock.core.testing.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C during a long operation: exit code 130 and nothing half-written left behind. */
class InterruptTest {

  @TempDir Path dir;

  @Test
  void ctrlCWhileUnpackingLeavesNoPartialDirectory() throws Exception {
    Path tree = Samples.k0rdent(dir.resolve("big"), 4, 60 << 20, 5).path();
    Path bundle = Trees.pack(tree, dir.resolve("big.tar.gz"), Compression.GZIP);
    Path work = dir.resolve("work");
    ProcessBuilder pb =
        AirlockProcess.builder("inspect", "--work-dir", work.toString(), bundle.toString());
    // A run started in the background of a shell without job control (nohup ... &) inherits
    // SIGINT ignored, and a JVM keeps it ignored: env restores the default before exec'ing java
    // (same pid), as a terminal's Ctrl-C would find it.
    pb.command().addAll(0, List.of("env", "--default-signal=INT"));
    Process p =
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
    // Wait until unpacking is under way, then press Ctrl-C.
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (!hasPartial(work) && Instant.now().isBefore(deadline) && p.isAlive()) {
      Thread.sleep(20);
    }
    assertTrue(hasPartial(work), "unpacking started: " + Files.readString(dir.resolve("out.txt")));
    Command.ok("kill", "-INT", Long.toString(p.pid()));
    assertEquals(ExitCodes.INTERRUPTED, p.waitFor());
    assertTrue(
        Files.readString(dir.resolve("out.txt")).contains("Interrupted"),
        Files.readString(dir.resolve("out.txt")));
    try (Stream<Path> left = Files.list(work)) {
      assertEquals(List.of(), left.toList(), "no half-unpacked bundle is left");
    }
  }

  private static boolean hasPartial(Path work) throws Exception {
    if (!Files.isDirectory(work)) {
      return false;
    }
    try (Stream<Path> s = Files.list(work)) {
      return s.anyMatch(p -> p.getFileName().toString().endsWith(".partial"));
    }
  }
}
