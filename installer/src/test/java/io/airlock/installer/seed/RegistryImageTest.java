package io.airlock.installer.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.airlock.core.digest.Digest;
import io.airlock.core.oci.Json;
import io.airlock.core.sample.SampleBundle;
import io.airlock.core.testing.Command;
import io.airlock.core.testing.FreePort;
import io.airlock.core.testing.OpensslCa;
import io.airlock.core.testing.Samples;
import io.airlock.core.testing.ServerProcess;
import io.airlock.core.testing.Skopeo;
import io.airlock.node.NodeImage;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Airlock's registry image as a node runs it: the amd64 image's layers unpacked into a root file
 * system, its own entrypoint started there (its jlinked Java and system libraries only, nothing of
 * this machine's) as the unprivileged user of the image, with the storage and {@code /tmp} mounted
 * as a pod would; skopeo pushes over TLS with a password and pulls anonymously from the pull-only
 * port, which refuses pushes. The arm64 image's Java runs under qemu. No shell in either.
 */
class RegistryImageTest {

  @TempDir static Path dir;
  static JsonNode config;
  static Path rootfs;
  static Path layout;
  static int pushPort;
  static int pullPort;
  static int plainPort;
  static Process registry;
  static Path log;
  static OpensslCa ca;

  @BeforeAll
  static void start() throws Exception {
    layout = dir.resolve("layout");
    Files.createDirectories(layout);
    Path tar = dir.resolve("seed-images.tar");
    SeedImages.load().writeLayout(tar);
    Command.ok("tar", "-xf", tar.toString(), "-C", layout.toString());
    rootfs = unpack("amd64", dir.resolve("rootfs-amd64"));
    config = config("amd64");

    ca = OpensslCa.create(Files.createDirectories(dir.resolve("pki")), "image-test");
    OpensslCa.Pair server = ca.server("registry", "IP:127.0.0.1,DNS:localhost");
    Path certs = Files.createDirectories(dir.resolve("certs"));
    Files.copy(server.cert(), certs.resolve("tls.crt"));
    Files.copy(server.key(), certs.resolve("tls.key"));
    Command.ok("htpasswd", "-Bbc", certs.resolve("htpasswd").toString(), "pusher", "pw-123456");
    Files.copy(ca.certificate(), certs.resolve("ca.crt"));
    Command.ok("chmod", "-R", "a+rX", certs.toString());
    for (String d : List.of("proc", "tmp", "var/lib/registry", "certs")) {
      Files.createDirectories(rootfs.resolve(d));
    }

    pushPort = FreePort.find();
    pullPort = FreePort.find();
    plainPort = FreePort.find();
    log = dir.resolve("registry.log");
    registry =
        launch(
            "storage",
            log,
            " --listen 127.0.0.1:"
                + pushPort
                + " --plain-listen 127.0.0.1:"
                + plainPort
                + " --pull-listen 127.0.0.1:"
                + pullPort);
    ServerProcess.awaitReady(
        registry,
        "the registry image",
        Duration.ofSeconds(60),
        log,
        () -> status("http://127.0.0.1:" + pullPort + "/v2/") == 200);
  }

  /**
   * The image's entrypoint in a pod's view: a private mount namespace with /proc, a /tmp of its
   * own, the volume and the Secret mounted; the root file system is the image's and belongs to
   * root. TLS and the push password as the install's Deployment gives them.
   */
  private static Process launch(String storageName, Path log, String arguments) throws IOException {
    Path storage = Files.createDirectories(dir.resolve(storageName));
    Command.ok("chown", "65532:65532", storage.toString());
    List<String> entrypoint = new ArrayList<>();
    config.path("config").path("Entrypoint").forEach(e -> entrypoint.add(e.asText()));
    String script =
        String.join(
            " && ",
            "mount -t proc proc " + rootfs.resolve("proc"),
            "mount -t tmpfs tmpfs " + rootfs.resolve("tmp"),
            "mount --bind " + storage + " " + rootfs.resolve("var/lib/registry"),
            "mount --bind -o ro " + dir.resolve("certs") + " " + rootfs.resolve("certs"),
            "exec chroot --userspec=65532:65532 "
                + rootfs
                + " "
                + String.join(" ", entrypoint)
                + " --storage /var/lib/registry"
                + " --tls-cert /certs/tls.crt --tls-key /certs/tls.key --htpasswd /certs/htpasswd"
                + arguments);
    return new ProcessBuilder(
            "unshare", "--mount", "--pid", "--fork", "--kill-child=SIGKILL", "sh", "-c", script)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    kill(registry);
  }

  private static void kill(@Nullable Process p) throws InterruptedException {
    if (p != null) {
      // SIGKILL to the registry itself: as the first process of its PID namespace it ignores
      // SIGTERM until its handler is in, and unshare's --kill-child does not reach it (chroot's
      // change of user clears the parent-death signal; seen leaked, running for hours).
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor();
    }
  }

  /** The image's layers, in order, unpacked as a container runtime would. */
  private static Path unpack(String arch, Path target) throws IOException {
    JsonNode manifest = manifest(arch);
    Files.createDirectories(target);
    for (JsonNode layer : manifest.path("layers")) {
      Path blob =
          layout.resolve("blobs/sha256").resolve(layer.path("digest").asText().substring(7));
      Command.ok("tar", "-xzf", blob.toString(), "-C", target.toString());
    }
    return target;
  }

  private static JsonNode manifest(String arch) throws IOException {
    NodeImage image = SeedImages.load().registryImage();
    Digest digest = image.platforms().get(arch).manifest();
    return Json.MAPPER.readTree(layout.resolve("blobs/sha256").resolve(digest.hex()).toFile());
  }

  private static JsonNode config(String arch) throws IOException {
    String d = manifest(arch).path("config").path("digest").asText().substring(7);
    return Json.MAPPER.readTree(layout.resolve("blobs/sha256").resolve(d).toFile());
  }

  private static boolean accepts(int port) {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int status(String url) {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
      c.setConnectTimeout(1000);
      return c.getResponseCode();
    } catch (IOException e) {
      return -1;
    }
  }

  @Test
  void itRunsAsTheUnprivilegedUserWithNothingButItsRuntime() throws Exception {
    assertEquals("65532:65532", config.path("config").path("User").asText());
    try (Stream<Path> files = Files.walk(rootfs)) {
      List<String> names = files.map(p -> p.getFileName().toString()).toList();
      for (String shell : List.of("sh", "bash", "dash", "busybox", "ash")) {
        assertFalse(names.contains(shell), "a shell in the image: " + shell);
      }
    }
    long java =
        registry
            .descendants()
            .filter(p -> p.info().command().orElse("").endsWith("/java"))
            .findFirst()
            .orElseThrow()
            .pid();
    String statusFile = Files.readString(Path.of("/proc/" + java + "/status"));
    assertTrue(statusFile.matches("(?s).*\\nUid:\\s+65532\\s+65532.*"), statusFile);
    // It maps only what it brought: its own libc and Java, no file of this machine's.
    String maps = Files.readString(Path.of("/proc/" + java + "/maps"));
    assertTrue(maps.contains("/opt/airlock/jre/lib/server/libjvm.so"), maps);
    assertFalse(maps.contains("/usr/lib/jvm/"), maps);
  }

  @Test
  void pushesGoOverTlsWithAPasswordAndPullsNeedNoLogin() throws Exception {
    SampleBundle.Result sample = Samples.ociLayout(dir.resolve("bundle"), 1, 4096, 3);
    SampleBundle.SampleImage image = sample.images().get(0);
    String source = "oci:" + sample.path() + ":" + image.ref();
    Skopeo.copy(
        source,
        "docker://127.0.0.1:" + pushPort + "/test/app:1",
        "--all",
        "--dest-cert-dir",
        certDir().toString(),
        "--dest-creds",
        "pusher:pw-123456");
    assertEquals(
        image.digest(),
        Skopeo.digest("docker://127.0.0.1:" + pullPort + "/test/app:1", "--tls-verify=false"));
    // Without the password, and on the pull-only port, a push is refused.
    Command.Result anonymous =
        Command.run(
            "skopeo",
            "copy",
            "--quiet",
            "--dest-cert-dir",
            certDir().toString(),
            source,
            "docker://127.0.0.1:" + pushPort + "/test/other:1");
    assertNotEquals(0, anonymous.exitCode());
    Command.Result pullPortPush =
        Command.run(
            "skopeo",
            "copy",
            "--quiet",
            "--dest-tls-verify=false",
            source,
            "docker://127.0.0.1:" + pullPort + "/test/other:1");
    assertNotEquals(0, pullPortPush.exitCode());
    assertTrue(
        pullPortPush.stderr().contains("DENIED")
            || pullPortPush.stderr().contains("read-only")
            || pullPortPush.stderr().contains("405"),
        pullPortPush.stderr());
  }

  /** The port-forward's endpoint: the same registry and password, plain HTTP on loopback. */
  @Test
  void thePortForwardsEndpointTakesPushesWithThePasswordInPlainHttp() throws Exception {
    SampleBundle.Result sample = Samples.ociLayout(dir.resolve("bundle-plain"), 1, 4096, 5);
    SampleBundle.SampleImage image = sample.images().get(0);
    String source = "oci:" + sample.path() + ":" + image.ref();
    String plain = "docker://127.0.0.1:" + plainPort + "/test/plain:1";
    Command.Result anonymous =
        Command.run("skopeo", "copy", "--quiet", "--dest-tls-verify=false", source, plain);
    assertNotEquals(0, anonymous.exitCode(), "no push without the password");
    Skopeo.copy(
        source, plain, "--all", "--dest-tls-verify=false", "--dest-creds", "pusher:pw-123456");
    // One store behind all endpoints: what came in plain is served on the pull endpoint.
    assertEquals(
        image.digest(),
        Skopeo.digest("docker://127.0.0.1:" + pullPort + "/test/plain:1", "--tls-verify=false"));
    assertEquals(
        401,
        status("http://127.0.0.1:" + plainPort + "/v2/"),
        "plain HTTP (not TLS), and a login asked for");
  }

  /**
   * The proxy modes' pull endpoint, as the install's Deployment starts it with {@code
   * --pull-client-ca}: a client certificate from the cluster's CA or no pull. (The image's Bouncy
   * Castle is a trimmed copy: this reads the CA through it, like the TLS key and bcrypt above.)
   */
  @Test
  void withAClientCaThePullEndpointWantsACertificateFromIt() throws Exception {
    int push = FreePort.find();
    int pull = FreePort.find();
    Path mtlsLog = dir.resolve("registry-mtls.log");
    Process mtls =
        launch(
            "storage-mtls",
            mtlsLog,
            " --listen 127.0.0.1:"
                + push
                + " --pull-listen 127.0.0.1:"
                + pull
                + " --pull-client-ca /certs/ca.crt");
    try {
      ServerProcess.awaitReady(
          mtls,
          "the registry image with a client CA",
          Duration.ofSeconds(60),
          mtlsLog,
          () -> accepts(pull));
      SampleBundle.Result sample = Samples.ociLayout(dir.resolve("bundle-mtls"), 1, 4096, 7);
      SampleBundle.SampleImage image = sample.images().get(0);
      Skopeo.copy(
          "oci:" + sample.path() + ":" + image.ref(),
          "docker://127.0.0.1:" + push + "/test/mtls:1",
          "--all",
          "--dest-cert-dir",
          certDir().toString(),
          "--dest-creds",
          "pusher:pw-123456");
      String ref = "docker://127.0.0.1:" + pull + "/test/mtls:1";
      Command.Result noCertificate =
          Command.run("skopeo", "inspect", "--raw", "--cert-dir", certDir().toString(), ref);
      assertNotEquals(0, noCertificate.exitCode(), "a pull without a client certificate");
      Path clientDir = Files.createDirectories(dir.resolve("client-mtls"));
      OpensslCa.Pair client = ca.client("node");
      Files.copy(ca.certificate(), clientDir.resolve("ca.crt"));
      Files.copy(client.cert(), clientDir.resolve("node.cert"));
      Files.copy(client.key(), clientDir.resolve("node.key"));
      assertEquals(image.digest(), Skopeo.digest(ref, "--cert-dir", clientDir.toString()));
    } finally {
      kill(mtls);
    }
  }

  /** The arm64 image's own Java, under qemu, starts and knows the serve command. */
  @Test
  void theArm64ImageRunsUnderQemu() throws Exception {
    Path arm = unpack("arm64", dir.resolve("rootfs-arm64"));
    JsonNode armConfig = config("arm64");
    List<String> cmd = new ArrayList<>(List.of("qemu-aarch64-static", "-L", arm.toString()));
    for (JsonNode e : armConfig.path("config").path("Entrypoint")) {
      cmd.add(e.asText().replace("/opt/airlock", arm + "/opt/airlock"));
    }
    cmd.add("--help");
    Command.Result help = Command.run(cmd, java.util.Map.of(), Duration.ofMinutes(2));
    assertEquals(0, help.exitCode(), help.stderr());
    assertTrue(help.out().contains("--pull-listen"), help.out());
  }

  private static Path certDir() throws IOException {
    Path d = dir.resolve("client-certs");
    if (!Files.isDirectory(d)) {
      Files.createDirectories(d);
      Files.copy(ca.certificate(), d.resolve("ca.crt"));
    }
    return d;
  }
}
