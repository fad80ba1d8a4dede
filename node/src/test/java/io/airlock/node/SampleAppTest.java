package io.airlock.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.testing.Command;
import io.airlock.core.testing.FreePort;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample bundle's runnable program, as the jar carries it: it serves, and stops on SIGTERM. */
class SampleAppTest {

  @TempDir Path dir;

  private Path program(String arch) throws IOException {
    Path file = dir.resolve("hello-" + arch);
    Files.write(file, NodeImages.load().sampleApp(arch));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r-xr-xr-x"));
    return file;
  }

  @Test
  void itAnswersHttpAndItsHealthCheck() throws Exception {
    int port = FreePort.find();
    Process p =
        new ProcessBuilder(program("amd64").toString(), "--port", String.valueOf(port))
            .redirectErrorStream(true)
            .start();
    try {
      String body = null;
      for (int i = 0; i < 100 && body == null; i++) {
        try {
          HttpURLConnection c =
              (HttpURLConnection)
                  URI.create("http://127.0.0.1:" + port + "/").toURL().openConnection();
          body = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
          Thread.sleep(50);
        }
      }
      assertTrue(body != null && body.startsWith("hello from airlock-samples/hello"), body);
      HttpURLConnection health =
          (HttpURLConnection)
              URI.create("http://127.0.0.1:" + port + "/healthz").toURL().openConnection();
      assertEquals(200, health.getResponseCode());
      assertEquals(
          "ok\n", new String(health.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    } finally {
      p.destroy();
    }
    assertEquals(0, p.waitFor(), "SIGTERM ends it cleanly");
  }

  @Test
  void theArm64BuildRunsUnderQemu() throws Exception {
    Command.Result r =
        Command.run(
            NodePrograms.command("arm64", program("arm64"), List.of("--version")),
            Map.of(),
            Duration.ofMinutes(1));
    assertEquals(0, r.exitCode(), r.stderr());
    assertTrue(r.out().startsWith("airlock-sample-hello "), r.out());
  }
}
