package io.airlock.core;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Where Airlock keeps a user's files and finds their kubeconfig, by the conventions of the system
 * it runs on: the XDG directories on Linux, {@code %LOCALAPPDATA%} on Windows, and kubectl's own
 * rules for the kubeconfig ({@code KUBECONFIG}, a list separated by ':' or, on Windows, ';', whose
 * drive letters are no separators; else {@code ~/.kube/config}, i.e. {@code
 * %USERPROFILE%\.kube\config}). Paths are joined with the system's own separator, so that the rules
 * for Windows are tested on Linux too.
 *
 * @param windows whether the rules of Windows apply
 * @param env the environment
 * @param home the user's home directory ({@code user.home}: %USERPROFILE% on Windows)
 */
public record UserDirs(boolean windows, Map<String, String> env, String home) {

  public UserDirs {
    env = Map.copyOf(env);
  }

  /** The rules of the system this JVM runs on. */
  public static UserDirs current() {
    return new UserDirs(
        System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows"),
        System.getenv(),
        System.getProperty("user.home"));
  }

  /** Files that may be made again: unpacked bundles ({@code ~/.cache/airlock/...}). */
  public Path cache(String... names) {
    String base = windows ? localAppData() : variable("XDG_CACHE_HOME", () -> join(home, ".cache"));
    return Path.of(join(base, names));
  }

  /** Files worth keeping: install reports ({@code ~/.local/state/airlock/...}). */
  public Path state(String... names) {
    String base =
        windows ? localAppData() : variable("XDG_STATE_HOME", () -> join(home, ".local", "state"));
    return Path.of(join(base, names));
  }

  /** The kubeconfig files kubectl would read, in order (they may not exist). */
  public List<Path> kubeconfigs() {
    List<Path> files = new ArrayList<>();
    if (set("KUBECONFIG")) {
      for (String part : listSeparator(windows).split(env.get("KUBECONFIG"))) {
        if (!part.isBlank()) {
          files.add(Path.of(part.strip()));
        }
      }
    }
    if (files.isEmpty()) {
      files.add(Path.of(join(home, ".kube", "config")));
    }
    return files;
  }

  private static Pattern listSeparator(boolean windows) {
    return Pattern.compile(windows ? ";" : ":");
  }

  private String localAppData() {
    return variable("LOCALAPPDATA", () -> join(home, "AppData", "Local"));
  }

  /** The variable's value where it is set, else what {@code fallback} makes. */
  private String variable(String name, Supplier<String> fallback) {
    String value = env.get(name);
    return value != null && !value.isBlank() ? value : fallback.get();
  }

  private boolean set(String name) {
    String value = env.get(name);
    return value != null && !value.isBlank();
  }

  private String join(String base, String... names) {
    String separator = windows ? "\\" : "/";
    StringBuilder path = new StringBuilder(base);
    for (String name : names) {
      if (!path.toString().endsWith(separator)) {
        path.append(separator);
      }
      path.append(name);
    }
    return path.toString();
  }
}
