package io.airlock.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A private containerd (Debian's package) with its own root, state and socket in a temporary
 * directory, started by the test: the real runtime that pulls from our registries. Needs root, as
 * containerd does. Start one per test class.
 */
public final class Containerd implements AutoCloseable {

  private final Process process;
  private final Path dir;

  private Containerd(Process process, Path dir) {
    this.process = process;
    this.dir = dir;
  }

  /**
   * Starts containerd; {@code configPath} sets the registry hosts directory (hosts.toml) or null.
   */
  public static Containerd start(Path registryConfigPath) {
    Path binary = Command.requireTool("containerd");
    Command.requireTool("ctr");
    try {
      Path dir = Files.createTempDirectory("containerd");
      List<String> config = new ArrayList<>();
      config.add("version = 2");
      config.add("root = \"" + dir.resolve("root") + "\"");
      config.add("state = \"" + dir.resolve("state") + "\"");
      config.add("[grpc]");
      config.add("  address = \"" + dir.resolve("containerd.sock") + "\"");
      config.add("[ttrpc]");
      config.add("  address = \"" + dir.resolve("containerd-ttrpc.sock") + "\"");
      config.add("[debug]");
      config.add("  address = \"\"");
      config.add("[metrics]");
      config.add("  address = \"\"");
      config.add("[plugins.\"io.containerd.grpc.v1.cri\"]");
      config.add("  disable_apparmor = true");
      if (registryConfigPath != null) {
        config.add("[plugins.\"io.containerd.grpc.v1.cri\".registry]");
        config.add("  config_path = \"" + registryConfigPath + "\"");
      }
      Path file = dir.resolve("config.toml");
      Files.write(file, config);
      Process p =
          new ProcessBuilder(binary.toString(), "--config", file.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("containerd.log").toFile())
              .start();
      Containerd c = new Containerd(p, dir);
      c.awaitReady();
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path socket() {
    return dir.resolve("containerd.sock");
  }

  /** Runs {@code ctr --address SOCKET args...} and returns what it did. */
  public Command.Result ctr(String... args) {
    List<String> cmd = new ArrayList<>(List.of("ctr", "--address", socket().toString()));
    cmd.addAll(List.of(args));
    return Command.run(cmd, Map.of(), Duration.ofMinutes(5));
  }

  public String log() {
    try {
      return Files.readString(dir.resolve("containerd.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private void awaitReady() {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new AssertionError("containerd exited at start:\n" + log());
      }
      if (Files.exists(socket()) && ctr("version").exitCode() == 0) {
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new AssertionError("containerd did not become ready:\n" + log());
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // Unpacked layers may be mounted read-only; unmount before deleting.
    Command.run("sh", "-c", "grep -o '" + dir + "[^ ]*' /proc/mounts | xargs -r umount -l");
    Command.run("rm", "-rf", dir.toString());
  }
}
