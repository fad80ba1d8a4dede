package io.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.testing.FreePort;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./airlock} launcher as a person runs it after the build (an integration test: it needs
 * target/lib). When the build made an AOT cache (a JDK 25 was there), a command must start on that
 * JDK, quietly: the options the cache's JDK needs are the ones the training used, and no JVM
 * warning reaches the person. The tool's own --version and --help start without the cache (they
 * answer before its classes would be of use), on the default java.
 */
class LauncherIT {

  private static final Path ROOT =
      Path.of(System.getProperty("airlock.repoRoot", "..")).normalize();
  private static final Path AOT = ROOT.resolve("installer/target/aot");

  private static Process launch(Path out, Path err, String... args) throws IOException {
    return launchWith(out, err, Map.of(), args);
  }

  private static Process launchWith(Path out, Path err, Map<String, String> env, String... args)
      throws IOException {
    List<String> cmd =
        new java.util.ArrayList<>(List.of("bash", ROOT.resolve("airlock").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().remove("JAVA_HOME");
    pb.environment().remove("AIRLOCK_JAVA_OPTS");
    pb.environment().putAll(env);
    return pb.start();
  }

  @Test
  void versionRunsWithoutTheCacheAndWithoutWarnings(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    Path err = dir.resolve("err");
    Process p = launch(out, err, "--version");
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), Files.readString(err));
    String stdout = Files.readString(out);
    assertTrue(stdout.startsWith("airlock "), stdout);
    assertEquals("", Files.readString(err));
    String defaultJava = defaultJavaVersion();
    assertTrue(
        stdout.contains("Java " + defaultJava), stdout + " (the default java: " + defaultJava);
  }

  /**
   * The quick path (ToolHelp on a short class path, see ./airlock) answers as picocli would, also
   * when ./airlock is started through a symbolic link from elsewhere (a PATH entry).
   */
  @Test
  void helpAndVersionAnswerAsPicocliDoesThroughALink(@TempDir Path dir) throws Exception {
    Path link =
        Files.createSymbolicLink(dir.resolve("airlock"), ROOT.resolve("airlock").toAbsolutePath());
    StringWriter version = new StringWriter();
    Airlock.commandLine().printVersionHelp(new PrintWriter(version, true));
    for (List<String> args : List.of(List.of("--help"), List.of("-V"), List.<String>of())) {
      Path out = dir.resolve("out");
      Path err = dir.resolve("err");
      List<String> cmd = new java.util.ArrayList<>(List.of(link.toString()));
      cmd.addAll(args);
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .directory(dir.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      pb.environment().remove("JAVA_HOME");
      pb.environment().remove("AIRLOCK_JAVA_OPTS");
      Process p = pb.start();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue(), args + ": " + Files.readString(err));
      String expected = args.equals(List.of("-V")) ? version.toString() : UsageText.rendered();
      assertEquals(expected, Files.readString(out), args.toString());
      assertEquals("", Files.readString(err), args.toString());
    }
  }

  /**
   * The build drops Bouncy Castle's jar signatures (installer/src/build/Repack.java): a start that
   * loads a class of a signed jar first checks the whole jar's signature (0.1-0.2 s), and an AOT
   * cache holds no class of a signed jar. keygen encrypts its key with Bouncy Castle's code.
   */
  @Test
  void bouncyCastleLoadsWithoutASignatureCheck(@TempDir Path dir) throws Exception {
    Logged run =
        runLoggingClasses(
            dir,
            // the JDK's jar verifier says what it checks ("jar: beginEntry", "jar[...]:
            // beginEntry")
            "-Djava.security.debug=jar",
            Map.of("COSIGN_PASSWORD", "launcher-test"),
            "keygen",
            "--output-key-prefix",
            dir.resolve("k").toString());
    assertEquals(0, run.exitCode(), run.stderr());
    assertTrue(
        run.classes().contains(" org.bouncycastle."), "keygen loaded no Bouncy Castle class");
    assertTrue(run.stderr().lines().noneMatch(l -> l.matches("jar[:\\[].*")), run.stderr());
  }

  /**
   * Picocli's classes are Java 5 class files, which an AOT cache leaves out: the build rewrites
   * them for Java 8 before training the cache (installer/src/build/UpgradeClassFiles.java), or
   * every command would load and verify them from the jar first (about 60 ms).
   */
  @Test
  void picocliStartsFromTheAotCache(@TempDir Path dir) throws Exception {
    if (!Files.exists(AOT.resolve("airlock.aot"))) {
      return; // no JDK 25 on the machine: no cache (the build said so)
    }
    Logged run = runLoggingClasses(dir, "", Map.of(), "inspect", "--help");
    assertEquals(0, run.exitCode(), run.stderr());
    String loaded =
        run.classes()
            .lines()
            .filter(l -> l.contains(" picocli.CommandLine "))
            .findFirst()
            .orElse("picocli.CommandLine was not loaded");
    assertTrue(loaded.endsWith("source: shared objects file"), loaded);
  }

  /**
   * With the AOT cache the JIT compiles a method after 4 times the usual calls (./airlock says why,
   * bench/push.sh and bench/window.sh measure it).
   */
  @Test
  void aCommandOnTheCacheCompilesLater(@TempDir Path dir) throws Exception {
    if (!Files.exists(AOT.resolve("airlock.aot"))) {
      return; // no JDK 25 on the machine: no cache (the build said so)
    }
    Path out = dir.resolve("out");
    Path err = dir.resolve("err");
    Process p =
        launchWith(
            out, err, Map.of("JAVA_TOOL_OPTIONS", "-XX:+PrintFlagsFinal"), "inspect", "--help");
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), Files.readString(err));
    String flag =
        Files.readString(out)
            .lines()
            .filter(l -> l.contains(" CompileThresholdScaling "))
            .findFirst()
            .orElse("no CompileThresholdScaling in -XX:+PrintFlagsFinal");
    assertTrue(flag.matches(".*= 4\\.0+ .*\\{command line\\}.*"), flag);
  }

  /**
   * A push opens only the jars its classes come from: no lookup walks the whole class path (76
   * jars) for something none of them has (picocli's Groovy closures, the JDK's logger finder and
   * selector provider; see Airlock.skipClassPathSearches and JulLoggerFinder). The push reads the
   * bundle's charts (SnakeYAML asks for a logger) and starts its HTTP client before it finds
   * nothing listening.
   */
  @Test
  void aPushOpensNoJarItDoesNotLoadFrom(@TempDir Path dir) throws Exception {
    if (!Files.exists(AOT.resolve("airlock.aot"))) {
      return; // no JDK 25 on the machine: no cache, every class comes from its jar
    }
    Path bundle = dir.resolve("bundle");
    Process sample =
        launch(
            dir.resolve("sample.out"),
            dir.resolve("sample.err"),
            "sample-bundle",
            bundle.toString(),
            "--images",
            "1",
            "--layer-mb",
            "1");
    assertTrue(sample.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, sample.exitValue(), Files.readString(dir.resolve("sample.err")));

    Path err = dir.resolve("err");
    Process push =
        launchWith(
            dir.resolve("out"),
            err,
            Map.of("JAVA_TOOL_OPTIONS", "-Dsun.misc.URLClassPath.debug=true"),
            "push",
            bundle.toString(),
            "--registry",
            "127.0.0.1:" + FreePort.find() + "/mirror",
            "--plain-http",
            "--retries",
            "0",
            "--work-dir",
            dir.resolve("work").toString());
    assertTrue(push.waitFor(60, TimeUnit.SECONDS));
    String stderr = Files.readString(err);
    assertEquals(ExitCodes.REMOTE_FAILED, push.exitValue(), stderr);
    List<String> opened = stderr.lines().filter(l -> l.startsWith("Opening ")).toList();
    assertTrue(opened.size() <= 3, String.join("\n", opened));
  }

  /** A finished command's exit code, its standard error and the JVM's log of the classes loaded. */
  private record Logged(int exitCode, String stderr, String classes) {}

  /** Runs the launcher with {@code javaOptions} and the JVM logging each class it loads. */
  private static Logged runLoggingClasses(
      Path dir, String javaOptions, Map<String, String> env, String... args) throws Exception {
    Path classes = dir.resolve("classes.log");
    Path out = dir.resolve("out");
    Path err = dir.resolve("err");
    Map<String, String> withLog = new java.util.HashMap<>(env);
    withLog.put("JAVA_TOOL_OPTIONS", (javaOptions + " -Xlog:class+load:file=" + classes).strip());
    Process p = launchWith(out, err, withLog, args);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return new Logged(p.exitValue(), Files.readString(err), Files.readString(classes));
  }

  /** java.version of the java on the PATH, the launcher's default. */
  private static String defaultJavaVersion() throws Exception {
    Process p =
        new ProcessBuilder("java", "-XshowSettings:properties", "-version")
            .redirectErrorStream(true)
            .start();
    String settings = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return settings.replaceAll("(?s).*\\bjava\\.version = (\\S+).*", "$1");
  }

  @Test
  void serveStartsQuietlyAndStopsOnSigterm(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    Path err = dir.resolve("err");
    int port = FreePort.find();
    Process p =
        launch(
            out,
            err,
            "serve",
            "--storage",
            dir.resolve("store").toString(),
            "--listen",
            "127.0.0.1:" + port);
    try {
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest ping =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/"))
              .timeout(Duration.ofSeconds(2))
              .build();
      int status = 0;
      for (int i = 0; i < 300 && status != 200 && p.isAlive(); i++) {
        try {
          status = http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notYet) {
          Thread.sleep(100);
        }
      }
      assertEquals(200, status, Files.readString(out) + Files.readString(err));
      if (Files.exists(AOT.resolve("airlock.aot"))) {
        // The launcher exec'd the java of the JDK that made the cache.
        Path jdk = Path.of(Files.readString(AOT.resolve("java-home")).strip());
        String command = p.info().command().orElse("");
        assertEquals(jdk.resolve("bin/java").toRealPath(), Path.of(command).toRealPath());
      }
    } finally {
      p.destroy(); // SIGTERM: a graceful stop
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }
    String stderr = Files.readString(err);
    assertTrue(!stderr.contains("WARNING") && !stderr.contains("[aot]"), stderr);
    assertEquals(ExitCodes.INTERRUPTED, p.exitValue(), stderr);
  }
}
