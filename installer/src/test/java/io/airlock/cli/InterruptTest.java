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
    // On a loaded machine the signal can reach the JVM only after the command ended (exit 0, the
    // bundle whole): that attempt proves nothing, so try again; one attempt must be interrupted.
    for (int attempt = 1; attempt <= 3; attempt++) {
      Path work = dir.resolve("work" + attempt);
      Path out = dir.resolve("out" + attempt + ".txt");
      int code = interruptWhileUnpacking(bundle, work, out);
      try (Stream<Path> left = Files.list(work)) {
        List<Path> partial =
            left.filter(p -> p.getFileName().toString().endsWith(".partial")).toList();
        assertEquals(List.of(), partial, "no half-unpacked bundle is left");
      }
      if (code != 0) {
        assertEquals(ExitCodes.INTERRUPTED, code, Files.readString(out));
        assertTrue(Files.readString(out).contains("Interrupted"), Files.readString(out));
        try (Stream<Path> left = Files.list(work)) {
          assertEquals(List.of(), left.toList(), "nothing of the interrupted unpack is left");
        }
        return;
      }
    }
    throw new AssertionError("in 3 attempts Ctrl-C never arrived while unpacking");
  }

  private static int interruptWhileUnpacking(Path bundle, Path work, Path out) throws Exception {
    Process p =
        AirlockProcess.builder("inspect", "--work-dir", work.toString(), bundle.toString())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    // Wait until unpacking is under way, then press Ctrl-C.
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (!hasPartial(work) && Instant.now().isBefore(deadline) && p.isAlive()) {
      Thread.sleep(20);
    }
    assertTrue(hasPartial(work), "unpacking started: " + Files.readString(out));
    Command.ok("kill", "-INT", Long.toString(p.pid()));
    return p.waitFor();
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
