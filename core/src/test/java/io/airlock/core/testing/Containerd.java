package io.airlock.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

  /**
   * {@code ctr image pull [flags] name}, failing the test when it fails; returns the digest
   * containerd recorded for the image.
   */
  public io.airlock.core.digest.Digest pull(String name, String... flags) {
    List<String> args = new ArrayList<>(List.of("image", "pull"));
    args.addAll(List.of(flags));
    args.add(name);
    ctr(args.toArray(String[]::new)).requireSuccess(List.of("ctr image pull " + name));
    return imageDigest(name);
  }

  /** The digest containerd holds for {@code name}, from {@code ctr image ls}. */
  public io.airlock.core.digest.Digest imageDigest(String name) {
    String listing = ctr("image", "ls").requireSuccess(List.of("ctr image ls")).out();
    for (String line : listing.split("\n")) {
      String[] cols = line.trim().split("\\s+");
      if (cols.length > 2 && cols[0].equals(name)) {
        return io.airlock.core.digest.Digest.parse(cols[2]);
      }
    }
    throw new AssertionError(name + " is not in ctr image ls:\n" + listing);
  }

  public String log() {
    return ServerProcess.readLog(dir.resolve("containerd.log"));
  }

  private void awaitReady() {
    ServerProcess.awaitReady(
        process,
        "containerd",
        Duration.ofSeconds(30),
        dir.resolve("containerd.log"),
        () -> Files.exists(socket()) && ctr("version").exitCode() == 0);
  }

  @Override
  public void close() {
    ServerProcess.stop(process);
    // Unpacked layers may be mounted read-only; unmount before deleting.
    Command.run("sh", "-c", "grep -o '" + dir + "[^ ]*' /proc/mounts | xargs -r umount -l");
    Command.run("rm", "-rf", dir.toString());
  }
}
