package io.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.airlock.core.bundle.Bundle;
import io.airlock.core.bundle.BundleImage;
import io.airlock.core.bundle.BundleOpener;
import io.airlock.core.digest.Digest;
import io.airlock.core.oci.ImageRef;
import io.airlock.core.oci.Json;
import io.airlock.core.oci.Manifest;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.testing.DockerRegistry;
import io.airlock.core.testing.FaultProxy;
import io.airlock.core.testing.FreePort;
import io.airlock.core.testing.Samples;
import io.airlock.core.testing.Skopeo;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code airlock push} as users run it: exit codes, messages, JSON progress, kill and resume. */
class PushCommandTest {

  static final long MIB = 1 << 20;

  @TempDir static Path dir;
  @AutoClose static DockerRegistry registry;
  static Path bundlePath;
  static Bundle bundle;

  @BeforeAll
  static void start() throws Exception {
    registry = DockerRegistry.start();
    bundlePath = dir.resolve("bundle");
    // One multi-arch image: three layers of 3 MB (three 1 MiB chunks each) and two configs.
    Samples.ociLayout(bundlePath, 1, 3_000_000, 9);
    bundle = new BundleOpener(dir.resolve("open"), ProgressListener.NONE).open(bundlePath);
  }

  @Test
  void pushesWithJsonProgressAndAReportOnStdout() throws Exception {
    CliRun r =
        CliRun.of(
            "push",
            bundlePath.toString(),
            "--registry",
            registry.host() + "/json",
            "--plain-http",
            "--work-dir",
            dir.resolve("w-json").toString(),
            "--json-progress",
            "--verify");
    assertEquals(0, r.exitCode(), r.err());
    List<String> events = new ArrayList<>();
    for (String line : r.err().split("\n")) {
      JsonNode node =
          Json.parse(line.getBytes(java.nio.charset.StandardCharsets.UTF_8)); // every line is JSON
      events.add(node.path("event").asText());
    }
    assertEquals("started", events.get(0));
    assertEquals("finished", events.get(events.size() - 1));
    assertTrue(
        events.contains("blob") && events.contains("artifact") && events.contains("totals"),
        events.toString());
    JsonNode report = Json.parse(r.out().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertTrue(report.path("verified").asBoolean());
    assertEquals(4, report.path("artifacts").size(), "one image and three charts");
    BundleImage image = bundle.images().get(0);
    assertEquals(
        image.digest(),
        Skopeo.pushedDigest(registry.host(), "json", image.ref(), "--tls-verify=false"));
  }

  /** A push to {@code registry} where nothing listens: one retry, soon, in its own work dir. */
  private static CliRun pushToNobody(String registry, String workDir, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "push",
                bundlePath.toString(),
                "--registry",
                registry,
                "--retries",
                "1",
                "--retry-delay-ms",
                "10",
                "--work-dir",
                dir.resolve(workDir).toString()));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void connectionRefusedExitsThreeWithAHint() {
    String nobody = "127.0.0.1:" + FreePort.find();
    CliRun r = pushToNobody(nobody, "w-x", "--plain-http");
    assertEquals(ExitCodes.REMOTE_FAILED, r.exitCode());
    assertTrue(
        r.err().contains("retry 1/1 in ")
            && r.err()
                .contains("error: Cannot reach the registry " + nobody + ": connection refused.\n"),
        r.err());
    assertTrue(
        r.err()
            .contains(
                "what to do: Is the registry running and listening on "
                    + nobody
                    + " (Airlock spoke plain HTTP to it, as asked)? Running the same command"
                    + " again continues where this one stopped.\n"),
        r.err());
    assertFalse(r.err().contains("add --plain-http"), r.err());
  }

  @Test
  void connectionRefusedOverTlsSuggestsPlainHttp() {
    String nobody = "127.0.0.1:" + FreePort.find();
    CliRun r = pushToNobody(nobody, "w-y");
    assertEquals(ExitCodes.REMOTE_FAILED, r.exitCode());
    assertTrue(r.err().contains("If it serves plain HTTP, add --plain-http."), r.err());
  }

  @Test
  void badUsageExitsTwo() {
    CliRun noBundle =
        CliRun.of(
            "push",
            dir.resolve("missing").toString(),
            "--registry",
            registry.host(),
            "--plain-http");
    assertEquals(ExitCodes.BAD_INPUT, noBundle.exitCode());
    assertTrue(noBundle.err().contains("Bundle not found"), noBundle.err());
    CliRun url =
        CliRun.of("push", bundlePath.toString(), "--registry", "http://" + registry.host());
    assertEquals(ExitCodes.BAD_INPUT, url.exitCode());
    assertTrue(url.err().contains("is plain HTTP"), url.err());
    assertTrue(url.err().contains("add --plain-http"), url.err());
    CliRun both =
        CliRun.of(
            "push",
            bundlePath.toString(),
            "--registry",
            registry.host(),
            "--plain-http",
            "--ca-file",
            "ca.pem");
    assertEquals(ExitCodes.BAD_INPUT, both.exitCode());
    assertTrue(both.err().contains("--plain-http cannot be combined with --ca-file"), both.err());
    CliRun password =
        CliRun.of("push", bundlePath.toString(), "--registry", registry.host(), "--username", "u");
    assertEquals(ExitCodes.BAD_INPUT, password.exitCode());
    assertTrue(password.err().contains("--username needs --password-stdin"), password.err());
  }

  /**
   * A real airlock process is killed (SIGKILL) while a chunk waits at the proxy; the same command
   * run again sends only what the registry lacks and continues the open upload at its offset.
   */
  @Test
  void aKilledPushResumesAndSendsOnlyWhatIsMissing() throws Exception {
    try (FaultProxy proxy = FaultProxy.start(registry.port())) {
      FaultProxy.Rule hold =
          proxy.add(
              FaultProxy.hold("PATCH", "/blobs/uploads/", 1)
                  .whenHeader("Content-Range", "^" + (2 * MIB) + "-"));
      Path work = dir.resolve("w-kill");
      List<String> args =
          List.of(
              "push",
              bundlePath.toString(),
              "--registry",
              proxy.host() + "/kill",
              "--plain-http",
              "--work-dir",
              work.toString(),
              "--concurrency",
              "1",
              "--chunk-mb",
              "1",
              "--only",
              "docker.io/*");
      List<String> command =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx256m",
                  "-cp",
                  System.getProperty("java.class.path"),
                  "io.airlock.cli.Airlock"));
      command.addAll(args);
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("killed.log").toFile())
              .start();
      try {
        assertTrue(
            hold.awaitHeld(120),
            "the push reached its third chunk: " + Files.readString(dir.resolve("killed.log")));
      } finally {
        p.destroyForcibly(); // kill -9: no shutdown hook, no cleanup
        p.waitFor(30, TimeUnit.SECONDS);
      }
      proxy.clearRules(); // the held request's connection is cut, never forwarded

      Path stateDir = work.resolve("push-state");
      List<Path> states;
      try (Stream<Path> s = Files.list(stateDir)) {
        states = s.filter(f -> f.toString().endsWith(".json")).toList();
      }
      assertEquals(1, states.size());
      JsonNode state = Json.parse(Files.readAllBytes(states.get(0)));
      assertEquals(2 * MIB, state.path("uploads").get(0).path("offset").asLong(), state.toString());

      BundleImage image = bundle.images().get(0);
      ImageRef ref = ImageRef.parse(image.ref());
      String repo = "kill/" + ref.registry() + "/" + ref.repository();
      Map<Digest, Long> missing = new HashMap<>();
      for (Map.Entry<Digest, Long> blob : blobsOf(image).entrySet()) {
        if (headBlob(repo, blob.getKey()) == 404) {
          missing.put(blob.getKey(), blob.getValue());
        }
      }
      assertTrue(
          missing.size() >= 3 && missing.size() < blobsOf(image).size(),
          "some blobs made it before the kill: " + missing);

      proxy.clearRequests();
      CliRun resumed = CliRun.of(args.toArray(String[]::new));
      assertEquals(0, resumed.exitCode(), resumed.err());
      assertEquals(
          image.digest(),
          Skopeo.digest(
              "docker://" + registry.host() + "/" + repo + ":" + ref.tag(), "--tls-verify=false"));

      long blobBytes = 0;
      List<Digest> completed = new ArrayList<>();
      boolean continuedAtOffset = false;
      for (FaultProxy.Request r : proxy.requests()) {
        if (!r.target().contains("/blobs/uploads/")) {
          continue;
        }
        if (r.method().equals("PATCH") || r.method().equals("PUT")) {
          blobBytes += r.bodyBytes();
        }
        if (r.method().equals("PATCH")
            && String.valueOf(r.header("Content-Range")).startsWith(2 * MIB + "-")) {
          continuedAtOffset = true;
        }
        int at = r.target().indexOf("digest=");
        if (r.method().equals("PUT") && at > 0) {
          completed.add(
              Digest.parse(
                  java.net.URLDecoder.decode(
                      r.target().substring(at + 7), java.nio.charset.StandardCharsets.UTF_8)));
        }
      }
      long expected = missing.values().stream().mapToLong(Long::longValue).sum() - 2 * MIB;
      assertEquals(expected, blobBytes, "only the missing bytes were sent again");
      assertEquals(
          missing.keySet(), new java.util.HashSet<>(completed), "only missing blobs were uploaded");
      assertTrue(continuedAtOffset, "the interrupted upload continued at 2 MiB");
      try (Stream<Path> s = Files.list(stateDir)) {
        assertFalse(s.anyMatch(f -> f.toString().endsWith(".json")), "state removed after success");
      }
    }
  }

  /** Layers and configs of an image (not its manifests), with sizes. */
  private static Map<Digest, Long> blobsOf(BundleImage image) throws Exception {
    Map<Digest, Long> blobs = new HashMap<>();
    Manifest index = Manifest.parse(read(image.digest()), image.mediaType());
    for (var child : index.manifests()) {
      Manifest m = Manifest.parse(read(child.digest()), child.mediaType());
      blobs.put(m.config().digest(), m.config().size());
      m.layers().forEach(l -> blobs.put(l.digest(), l.size()));
    }
    return blobs;
  }

  private static byte[] read(Digest d) throws Exception {
    try (InputStream in = bundle.blob(d).orElseThrow().open()) {
      return in.readAllBytes();
    }
  }

  private static int headBlob(String repository, Digest digest) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://" + registry.host() + "/v2/" + repository + "/blobs/" + digest))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
