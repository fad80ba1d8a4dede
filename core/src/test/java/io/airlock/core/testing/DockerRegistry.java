package io.airlock.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's docker-registry (CNCF distribution 2.8), started on a free loopback port with its
 * storage in a temporary directory: the reference peer for push and pull tests. Start one per test
 * class and hold it in an {@code @AutoClose} field.
 */
public final class DockerRegistry implements AutoCloseable {

  private final Process process;
  private final int port;
  private final Path root;
  private final String scheme;

  private DockerRegistry(Process process, int port, Path root, String scheme) {
    this.process = process;
    this.port = port;
    this.root = root;
    this.scheme = scheme;
  }

  /** A plain-HTTP registry on 127.0.0.1 (loopback only). */
  public static DockerRegistry start() {
    return start(List.of());
  }

  /**
   * Starts a registry with extra YAML lines appended under the {@code http:} key (e.g. a tls:
   * section) or at the top level when they start without indentation.
   *
   * @param extraConfig whole lines of registry config.yml, such as {@code "auth:"}, {@code "
   *     htpasswd:"}
   */
  public static DockerRegistry start(List<String> extraConfig) {
    Path binary = Command.requireTool("docker-registry");
    try {
      Path root = Files.createTempDirectory("docker-registry");
      int port = FreePort.find();
      List<String> config = new ArrayList<>();
      config.add("version: 0.1");
      config.add("log:");
      config.add("  level: warn");
      config.add("  accesslog:");
      config.add("    disabled: true");
      config.add("storage:");
      config.add("  filesystem:");
      config.add("    rootdirectory: " + root.resolve("data"));
      config.add("  delete:");
      config.add("    enabled: true");
      config.add("http:");
      config.add("  addr: 127.0.0.1:" + port);
      boolean tls = extraConfig.stream().anyMatch(l -> l.trim().startsWith("tls:"));
      config.addAll(extraConfig);
      Path file = root.resolve("config.yml");
      Files.write(file, config);
      return serve(binary, file, port, root, tls);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts a registry from a complete config.yml written by the caller (for tests of configs
   * Airlock generates), listening on 127.0.0.1:{@code port}.
   *
   * @param tls whether the config serves TLS (the start-up check then only opens a socket)
   */
  public static DockerRegistry startWithConfig(Path configFile, int port, boolean tls) {
    Path binary = Command.requireTool("docker-registry");
    try {
      return serve(binary, configFile, port, Files.createTempDirectory("docker-registry"), tls);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DockerRegistry serve(Path binary, Path config, int port, Path root, boolean tls)
      throws IOException {
    Process p =
        new ProcessBuilder(binary.toString(), "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(root.resolve("registry.log").toFile())
            .start();
    DockerRegistry registry = new DockerRegistry(p, port, root, tls ? "https" : "http");
    registry.awaitListening();
    return registry;
  }

  /** {@code 127.0.0.1:PORT}, as a registry host for image references. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public Path root() {
    return root;
  }

  public String log() {
    return ServerProcess.readLog(root.resolve("registry.log"));
  }

  private void awaitListening() {
    ServerProcess.awaitReady(
        process,
        "docker-registry",
        Duration.ofSeconds(20),
        root.resolve("registry.log"),
        this::answers);
  }

  private boolean answers() {
    try (Socket s = new Socket("127.0.0.1", port)) {
      if ("http".equals(scheme)) {
        HttpURLConnection c =
            (HttpURLConnection) URI.create("http://" + host() + "/v2/").toURL().openConnection();
        c.getResponseCode();
        c.disconnect();
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    ServerProcess.stop(process);
  }
}
