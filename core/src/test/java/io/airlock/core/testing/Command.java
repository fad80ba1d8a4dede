package io.airlock.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real tool (skopeo, openssl, ctr, ...) to completion and captures what it printed. Tests
 * use real peers, so a missing tool is a failure with the package to install, never a skip.
 */
public final class Command {

  /** What a finished command left behind. */
  public record Result(int exitCode, byte[] stdout, String stderr) {
    public String out() {
      return new String(stdout, StandardCharsets.UTF_8);
    }

    public Result requireSuccess(List<String> command) {
      if (exitCode != 0) {
        throw new AssertionError(
            String.join(" ", command) + " exited " + exitCode + ":\n" + stderr + "\n" + out());
      }
      return this;
    }
  }

  private Command() {}

  public static Result run(String... command) {
    return run(List.of(command), Map.of(), Duration.ofMinutes(5));
  }

  /** Runs and fails the test unless the command succeeds. */
  public static Result ok(String... command) {
    return run(command).requireSuccess(List.of(command));
  }

  public static Result run(List<String> command, Map<String, String> env, Duration timeout) {
    requireTool(command.get(0));
    try {
      Path out = Files.createTempFile("cmd", ".out");
      Path err = Files.createTempFile("cmd", ".err");
      try {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command));
        pb.environment().putAll(env);
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          p.destroyForcibly();
          throw new AssertionError(String.join(" ", command) + " did not finish in " + timeout);
        }
        return new Result(p.exitValue(), Files.readAllBytes(out), Files.readString(err));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /**
   * Runs a command that sees an {@code /etc/hosts} holding only {@code hostsLines} (e.g. {@code
   * "::1 seed.test"}), bind-mounted in a private mount namespace ({@code unshare -m}, root only, as
   * containerd is). Image references cannot hold IPv6 literals such as {@code [::1]:5000} in skopeo
   * or ctr, so tests reach a server on [::1] through a name that resolves to it alone.
   */
  public static Result runWithHosts(
      List<String> hostsLines, List<String> command, Duration timeout) {
    requireTool("unshare");
    requireTool(command.get(0));
    try {
      Path hosts = Files.createTempFile("hosts", "");
      try {
        Files.write(hosts, hostsLines);
        List<String> wrapped =
            new ArrayList<>(
                List.of(
                    "unshare",
                    "-m",
                    "sh",
                    "-c",
                    "mount --bind \"$0\" /etc/hosts && exec \"$@\"",
                    hosts.toString()));
        wrapped.addAll(command);
        return run(wrapped, Map.of(), timeout);
      } finally {
        Files.deleteIfExists(hosts);
      }
    } catch (IOException e) {
      throw new AssertionError("cannot write a hosts file: " + e, e);
    }
  }

  /** Fails with the apt package to install when a tool the tests need is missing. */
  public static Path requireTool(String name) {
    if (name.contains("/")) {
      return Path.of(name);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin")) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError(
        name + " is not installed; the tests use the real tool. Run .ci/deps (apt-get) first.");
  }
}
