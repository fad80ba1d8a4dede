package io.airlock.core.testing;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;

/**
 * Test data made by real tools that cannot run here, kept outside the project in {@code
 * shared/fixtures/} beside the repository (or beside the nearest directory above it that holds
 * {@code shared/}); never copied into the project. A clone with nothing beside it skips the tests
 * that need it, each with one line naming what is missing; CI, where the data is always there, sets
 * {@value #REQUIRE} (or the system property {@value #REQUIRE_PROPERTY}) so a missing directory
 * fails instead.
 */
public final class SharedFixtures {

  /** The environment variable that turns a skip into a failure ({@code 1} or {@code true}). */
  public static final String REQUIRE = "AIRLOCK_REQUIRE_FIXTURES";

  public static final String REQUIRE_PROPERTY = "airlock.requireFixtures";

  private static final Set<String> announced = ConcurrentHashMap.newKeySet();

  private SharedFixtures() {}

  /**
   * The directory {@code shared/fixtures/NAME}, found by walking up from the working directory.
   *
   * @param override an environment variable that names the directory instead, or null
   * @throws org.opentest4j.TestAbortedException (a skip) when it is absent and not required
   * @throws AssertionError when it is absent and required
   */
  public static Path dir(String name, String override) {
    String relative = "shared/fixtures/" + name;
    String given = override == null ? null : System.getenv(override);
    if (given != null && !given.isBlank()) {
      Path p = Path.of(given);
      if (!Files.isDirectory(p)) {
        throw new AssertionError(override + "=" + p + " is not a directory");
      }
      return p;
    }
    Path start = Path.of("").toAbsolutePath();
    for (Path d = start; d != null; d = d.getParent()) {
      Path candidate = d.resolve(relative);
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    String where =
        "not found beside the repository (looked in every directory above "
            + start
            + (override == null ? "" : "; " + override + " can name it")
            + ")";
    if (required()) {
      throw new AssertionError(relative + " was " + where + ", and " + REQUIRE + " requires it.");
    }
    String what = relative + ": " + where;
    if (announced.add(relative)) {
      // The process's own stderr, not System.err: surefire files test output away, but passes
      // what the forked JVM writes here to the build's console.
      PrintStream console = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
      console.println("[SKIPPED] tests that need " + what + ".");
    }
    Assumptions.abort("skipped: " + what);
    throw new IllegalStateException("unreachable");
  }

  /** True when a missing fixture directory must fail the run. */
  public static boolean required() {
    String env = System.getenv(REQUIRE);
    String prop = System.getProperty(REQUIRE_PROPERTY);
    return isOn(env) || isOn(prop);
  }

  private static boolean isOn(String v) {
    return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
  }
}
