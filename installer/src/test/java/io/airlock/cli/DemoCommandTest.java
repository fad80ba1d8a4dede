package io.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.testing.FreePort;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code airlock demo}, the README's first command, through to the end with --exit. */
class DemoCommandTest {

  @Test
  void makesVerifiesServesAndPushesTheSampleThenStops(@TempDir Path dir) {
    int port = FreePort.find();
    CliRun run =
        CliRun.of(
            "demo",
            "--exit",
            "--listen",
            "127.0.0.1:" + port,
            "--work-dir",
            dir.resolve("work").toString());
    assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
    assertTrue(run.out().contains("signature") || run.out().contains("Signature"), run.toString());
    assertTrue(run.out().matches("(?s).*pushed \\d+ artifacts, \\d+ blobs uploaded.*"), run.out());
    assertTrue(
        run.out().contains("skopeo inspect --tls-verify=false docker://127.0.0.1:" + port + "/"),
        run.out());
    assertTrue(run.out().contains("Stopping (--exit)."), run.out());
  }
}
