package io.airlock.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.testing.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build fails, naming the Debian package to install, when a toolchain is missing. */
class BuildScriptTest {

  private static final Path SCRIPT = Path.of("src/main/sh/build-native.sh");

  @TempDir Path dir;

  @Test
  void missingArm64MuslNamesItsPackage() throws IOException {
    Command.Result result = buildWith(List.of("gcc", "musl-gcc", "aarch64-linux-gnu-gcc", "go"));
    assertEquals(1, result.exitCode());
    assertTrue(
        result.stderr().contains("'aarch64-linux-musl-gcc' is not installed")
            && result.stderr().contains("apt-get install musl-dev:arm64"),
        result.stderr());
  }

  @Test
  void missingGoNamesGolangGo() throws IOException {
    Command.Result result =
        buildWith(List.of("gcc", "musl-gcc", "aarch64-linux-gnu-gcc", "aarch64-linux-musl-gcc"));
    assertEquals(1, result.exitCode());
    assertTrue(result.stderr().contains("apt-get install golang-go"), result.stderr());
  }

  /** Runs the build script with a PATH holding only the named tools. */
  private Command.Result buildWith(List<String> tools) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    for (String tool : tools) {
      Files.createSymbolicLink(bin.resolve(tool), Command.requireTool(tool));
    }
    return Command.run(
        List.of("/bin/bash", SCRIPT.toString(), dir.resolve("out").toString(), "test"),
        Map.of("PATH", bin.toString()),
        Duration.ofMinutes(1));
  }
}
