package io.airlock.core.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A push's start: without an auth file the credential lookup answers "none" without loading Jib
 * (seen in a fresh JVM's class loading log), and with one Jib reads it.
 */
class CredentialStoreTest {

  @TempDir Path dir;

  /**
   * Looks up credentials for ARGS[1] with home ARGS[0] and REGISTRY_AUTH_FILE ARGS[2], if given.
   */
  public static void main(String[] args) {
    Map<String, String> environment =
        args.length > 2 ? Map.of("REGISTRY_AUTH_FILE", args[2]) : Map.of();
    CredentialStore store = new CredentialStore(environment, Path.of(args[0]));
    System.out.println("found " + store.lookup(args[1]).isPresent());
  }

  /** The classes a fresh JVM loads for {@link #main}, one name a line, and its answer. */
  private List<String> run(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xlog:class+load=info:stdout:tags");
    command.add("-Xshare:off");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(CredentialStoreTest.class.getName());
    command.addAll(List.of(args));
    Path out = dir.resolve("out-" + System.nanoTime());
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the JVM did not end");
    assertEquals(0, p.exitValue(), Files.readString(out));
    return Files.readAllLines(out);
  }

  private static boolean loadsJib(List<String> lines) {
    return lines.stream().anyMatch(l -> l.contains(" com.google.cloud.tools.jib."));
  }

  @Test
  void withoutAnAuthFileJibIsNotLoaded() throws Exception {
    Path home = Files.createDirectories(dir.resolve("home"));
    List<String> lines = run(home.toString(), "127.0.0.1:5000");
    assertTrue(lines.contains("found false"), String.join("\n", lines));
    assertFalse(loadsJib(lines), "Jib loaded with no auth file to read");
    assertTrue(new CredentialStore(Map.of(), home).configFiles().isEmpty());
  }

  @Test
  void anAuthFileIsReadWithJib() throws Exception {
    Path home = Files.createDirectories(dir.resolve("home"));
    Path auth = dir.resolve("auth.json");
    // "u:p" in base64, for this registry only.
    Files.writeString(auth, "{\"auths\":{\"127.0.0.1:5000\":{\"auth\":\"dTpw\"}}}");
    List<String> lines = run(home.toString(), "127.0.0.1:5000", auth.toString());
    assertTrue(lines.contains("found true"), String.join("\n", lines));
    assertTrue(loadsJib(lines), "the class loading log names no Jib class: the check sees nothing");
    assertEquals(
        new Credentials("u", "p"),
        new CredentialStore(Map.of("REGISTRY_AUTH_FILE", auth.toString()), home)
            .lookup("127.0.0.1:5000")
            .orElseThrow());
  }
}
