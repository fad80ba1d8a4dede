package io.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.testing.FreePort;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code airlock demo}, the README's first command, through to the end with --exit. */
class DemoCommandTest {

  @Test
  void makesVerifiesServesAndPushesTheSampleThenStops(@TempDir Path dir) {
    // Netty logs through java.util.logging here: a warning is something the person would see.
    List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
              warnings.add(r);
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger netty = Logger.getLogger("io.netty");
    netty.addHandler(handler);
    int port = FreePort.find();
    CliRun run;
    try {
      run =
          CliRun.of(
              "demo",
              "--exit",
              "--listen",
              "127.0.0.1:" + port,
              "--work-dir",
              dir.resolve("work").toString());
    } finally {
      netty.removeHandler(handler);
    }
    // The push's HTTP client keeps its connections open; stopping the registry right after it
    // once left Netty rejecting the teardown of each one, with a stack trace on stderr.
    assertTrue(
        warnings.isEmpty(),
        () -> warnings.get(0).getMessage() + ": " + warnings.get(0).getThrown());
    assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
    assertTrue(run.out().contains("signature") || run.out().contains("Signature"), run.toString());
    assertTrue(run.out().matches("(?s).*pushed \\d+ artifacts, \\d+ blobs uploaded.*"), run.out());
    assertTrue(
        run.out().contains("skopeo inspect --tls-verify=false docker://127.0.0.1:" + port + "/"),
        run.out());
    assertTrue(run.out().contains("Stopping (--exit)."), run.out());
  }
}
