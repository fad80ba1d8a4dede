package io.airlock.installer.testing;

import io.airlock.core.testing.Command;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code testlab/lab}, the script that builds and runs the project's test cluster (see
 * testlab/README.md), and reads the {@code lab.env} a started lab leaves in its state directory.
 */
final class LabScript {

  /** Long enough for a first build on a fresh machine plus a wait for another run's node. */
  private static final Duration UP_TIMEOUT = Duration.ofMinutes(90);

  private LabScript() {}

  /** What {@code lab up} reports: its kubeconfig, API server, node, paths (KEY=VALUE lines). */
  record Env(Path state, Map<String, String> values) {
    String get(String key) {
      String v = values.get(key);
      if (v == null) {
        throw new AssertionError("the lab's " + state.resolve("lab.env") + " has no " + key);
      }
      return v;
    }

    Path path(String key) {
      return Path.of(get(key));
    }
  }

  static Env up(Path state, List<String> options) {
    List<String> cmd = new ArrayList<>(List.of("bash", script().toString(), "up"));
    cmd.addAll(List.of("--state", state.toString(), "--owner", String.valueOf(pid())));
    cmd.addAll(options);
    Command.Result r = Command.run(cmd, Map.of(), UP_TIMEOUT);
    System.err.print(r.stderr());
    if (r.exitCode() != 0) {
      throw new AssertionError(
          "the test lab did not start ("
              + String.join(" ", cmd)
              + " exited "
              + r.exitCode()
              + "); its logs: "
              + state.resolve("logs")
              + "\n"
              + tail(r.stderr(), 30));
    }
    return read(state);
  }

  static void down(Path state) {
    Command.Result r =
        Command.run(
            List.of("bash", script().toString(), "down", "--state", state.toString()),
            Map.of(),
            Duration.ofMinutes(5));
    if (r.exitCode() != 0) {
      System.err.println("[testlab] down exited " + r.exitCode() + ": " + r.stderr());
    }
  }

  private static Env read(Path state) {
    Map<String, String> values = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(state.resolve("lab.env"))) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          values.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Env(state, values);
  }

  /**
   * {@code testlab/lab} of this repository: from {@code airlock.repoRoot} (set by the pom), else
   * the nearest directory above the working directory that has one.
   */
  static Path script() {
    String root = System.getProperty("airlock.repoRoot");
    Path start = Path.of(root != null ? root : System.getProperty("user.dir")).toAbsolutePath();
    for (Path d = start.normalize(); d != null; d = d.getParent()) {
      Path candidate = d.resolve("testlab/lab");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError("no testlab/lab in " + start + " or any directory above it");
  }

  static long pid() {
    return ProcessHandle.current().pid();
  }

  static String tail(String text, int lines) {
    List<String> all = text.lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }
}
