package io.airlock.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./airlock gui} as a person starts it after the build, on a real (virtual) display: the
 * window opens, and nothing is printed on the way, also when the launcher starts it on the JDK and
 * AOT cache the build trained on the wizard (a cache that no longer fits its jars, or a JVM option
 * the cache's JDK wants, would show here as a warning).
 */
class GuiLauncherIT {

  private static final Path ROOT =
      Path.of(System.getProperty("airlock.repoRoot", "..")).normalize();

  @Test
  void theWindowOpensQuietly(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    Path err = dir.resolve("err");
    ProcessBuilder pb =
        onXvfb(dir, "bash", ROOT.resolve("airlock").toString(), "gui")
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    // airlock.timing: print the time to the first window, then leave (what bench/gui.sh times).
    pb.environment().put("AIRLOCK_JAVA_OPTS", "-Xmx256m -XX:+UseSerialGC -Dairlock.timing=true");
    Process p = pb.start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the wizard did not open and leave in 60 s");
    String stderr = Files.readString(err);
    assertEquals(0, p.exitValue(), stderr);
    String stdout = Files.readString(out);
    assertTrue(stdout.startsWith("first-window-ms "), stdout + stderr);
    assertEquals("", stderr);
    System.out.print(stdout); // the time, for the record in the test report
  }

  /**
   * The launcher shows the splash before the JVM starts, and the wizard closes it once its own
   * window is up (AWT would close it for an AWT window, not for a JavaFX one): a splash left on top
   * of the wizard would hide its first page.
   */
  @Test
  void theSplashShowsAtOnceAndGoesWhenTheWindowIsUp(@TempDir Path dir) throws Exception {
    String watch =
        """
        "$1" gui >/dev/null 2>&1 & pid=$!
        splash=no window=no
        for _ in $(seq 2500); do
          tree=$(xwininfo -root -children)
          [[ $tree == *' 480x200+'* ]] && splash=yes
          if [[ $tree == *'"Airlock"'* ]]; then window=yes; break; fi
          sleep 0.02
        done
        sleep 2
        left=no
        [[ $(xwininfo -root -children) == *' 480x200+'* ]] && left=yes
        kill $pid; wait $pid 2>/dev/null
        echo "splash=$splash window=$window splash-left=$left"
        """;
    Path out = dir.resolve("out");
    Process p =
        onXvfb(dir, "bash", "-c", watch, "watch", ROOT.resolve("airlock").toString())
            .redirectOutput(out.toFile())
            .redirectErrorStream(true)
            .start();
    assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the wizard did not open in 90 s");
    List<String> lines = Files.readAllLines(out);
    assertEquals(
        "splash=yes window=yes splash-left=no",
        lines.get(lines.size() - 1),
        String.join("\n", lines));
  }

  /**
   * {@code command} on a display of its own, as a person would start Airlock: ./airlock's own
   * runtime (no JAVA_HOME) and an empty home (no report of a previous run on Welcome).
   */
  private static ProcessBuilder onXvfb(Path home, String... command) {
    List<String> line = new ArrayList<>(List.of("xvfb-run", "-a", "-s", "-screen 0 1366x768x24"));
    line.addAll(List.of(command));
    ProcessBuilder pb = new ProcessBuilder(line);
    pb.environment().remove("JAVA_HOME");
    pb.environment().remove("DISPLAY");
    pb.environment().put("HOME", home.toString());
    return pb;
  }
}
