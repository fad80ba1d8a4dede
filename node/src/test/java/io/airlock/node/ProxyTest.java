package io.airlock.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.digest.Digest;
import io.airlock.core.testing.Closeables;
import io.airlock.core.testing.Command;
import io.airlock.core.testing.Containerd;
import io.airlock.core.testing.DockerRegistry;
import io.airlock.core.testing.FreePort;
import io.airlock.core.testing.OpensslCa;
import io.airlock.core.testing.Skopeo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry proxy between a node's runtime and a registry that demands client certificates:
 * Debian's docker-registry with TLS and clientcas, certificates from openssl, the proxy on
 * 127.0.0.1 and [::1], skopeo and a private containerd pulling through it.
 */
class ProxyTest {

  private static final String SERVER_NAME = "registry.airlock.test";
  private static final String V6_NAME = "proxy.airlock.test";

  @TempDir static Path dir;

  private static OpensslCa ca;
  private static OpensslCa rogue;
  private static OpensslCa.Pair client;
  private static DockerRegistry registry;
  private static NodeImage image;
  private static int port;
  private static BackgroundProcess proxy;
  private static Containerd containerd;

  @BeforeAll
  static void start() throws Exception {
    ca = OpensslCa.create(dir, "airlock");
    OpensslCa.Pair server = ca.server("registry", "DNS:" + SERVER_NAME + ",IP:127.0.0.1");
    client = ca.client("proxy");
    rogue = OpensslCa.create(dir, "rogue");
    registry =
        DockerRegistry.start(
            List.of(
                "  tls:",
                "    certificate: " + server.cert(),
                "    key: " + server.key(),
                "    clientcas:",
                "      - " + ca.certificate()));

    // The images a node pulls through its proxy: the node images themselves.
    NodeImages images = NodeImages.load();
    image = images.proxyImage();
    Path layout = dir.resolve("node-images.tar");
    images.writeLayout(layout);
    Path pushCerts = OpensslCa.certDir(dir.resolve("push-certs"), ca.certificate(), client);
    Skopeo.copy(
        "oci-archive:" + layout + ":" + image.reference(),
        "docker://" + registry.host() + "/" + image.reference(),
        "--all",
        "--dest-cert-dir",
        pushCerts.toString());

    port = FreePort.find();
    proxy = startProxy("amd64", ca.certificate(), SERVER_NAME, port, List.of());
    containerd = Containerd.start(null);
  }

  @AfterAll
  static void stop() {
    Closeables.closeAll(containerd, proxy, registry);
  }

  // ------------------------------------------------------------------ pulls through the proxy

  @Test
  void skopeoPullsThroughTheProxyOverIpv4() {
    Path out = dir.resolve("v4-copy");
    Skopeo.copy(
        "docker://127.0.0.1:" + port + "/" + image.reference(),
        "oci:" + out + ":copy",
        "--all",
        "--src-tls-verify=false");
    assertEquals(image.index(), Skopeo.digest("oci:" + out + ":copy"));
  }

  @Test
  void skopeoPullsThroughTheProxyOverIpv6() {
    assertEquals(
        image.index(),
        Skopeo.copyOverIpv6(V6_NAME, port, image.reference(), dir.resolve("v6-copy")));
  }

  @Test
  void containerdPullsThroughTheProxyOnBothLoopbacks() throws IOException {
    String v4 = "127.0.0.1:" + port + "/" + image.reference();
    assertEquals(image.index(), containerd.pull(v4, "--plain-http", "--all-platforms"));

    Path hostsDir = dir.resolve("certs.d");
    Files.createDirectories(hostsDir.resolve(V6_NAME));
    Files.writeString(
        hostsDir.resolve(V6_NAME).resolve("hosts.toml"),
        "host = { \"http://[::1]:" + port + "\" = { capabilities = [\"pull\", \"resolve\"] } }\n");
    String v6 = V6_NAME + "/" + image.reference();
    assertEquals(
        image.index(), containerd.pull(v6, "--hosts-dir", hostsDir.toString(), "--all-platforms"));
  }

  @Test
  void arm64BuildForwardsUnderQemu() {
    int armPort = FreePort.find();
    try (BackgroundProcess arm =
        startProxy("arm64", ca.certificate(), SERVER_NAME, armPort, List.of())) {
      byte[] manifest =
          Skopeo.rawManifest(
              "docker://127.0.0.1:" + armPort + "/" + image.reference(), "--tls-verify=false");
      assertEquals(image.index(), Digest.sha256(manifest));
    }
  }

  // ------------------------------------------------------------------ who is refused

  @Test
  void registryServesOnlyClientsWithACertificateFromTheCa() {
    String direct = "docker://" + registry.host() + "/" + image.reference();
    Path good = OpensslCa.certDir(dir.resolve("good-certs"), ca.certificate(), client);
    assertEquals(
        image.index(), Digest.sha256(Skopeo.rawManifest(direct, "--cert-dir", good.toString())));

    Path none = OpensslCa.certDir(dir.resolve("no-client-cert"), ca.certificate(), null);
    Command.Result noCert = skopeoInspect(direct, "--cert-dir", none.toString());
    assertNotEquals(0, noCert.exitCode());
    assertTrue(noCert.stderr().contains("certificate"), noCert.stderr());

    Path wrong =
        OpensslCa.certDir(dir.resolve("rogue-client"), ca.certificate(), rogue.client("intruder"));
    Command.Result wrongCert = skopeoInspect(direct, "--cert-dir", wrong.toString());
    assertNotEquals(0, wrongCert.exitCode());
    assertTrue(wrongCert.stderr().contains("certificate"), wrongCert.stderr());
  }

  /**
   * The installer renews certificates in their Secrets and the kubelet swaps the mounted files: a
   * running proxy presents the files' certificate at its next connection, no restart. A rogue
   * certificate put in place is refused by the registry at once, the good one works again.
   */
  @Test
  void aRenewedClientCertificateIsUsedWithoutARestart() throws Exception {
    Path mounted = Files.createDirectories(dir.resolve("mounted-tls"));
    Path cert = mounted.resolve("tls.crt");
    Path key = mounted.resolve("tls.key");
    swap(client.cert(), cert);
    swap(client.key(), key);
    int reloadPort = FreePort.find();
    String get = "GET /v2/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    try (BackgroundProcess reloading =
        startProxy("amd64", ca.certificate(), SERVER_NAME, reloadPort, cert, key, List.of())) {
      assertTrue(exchange(reloadPort, get).startsWith("HTTP/1.1 200"));
      var intruder = rogue.client("intruder");
      swap(intruder.cert(), cert);
      swap(intruder.key(), key);
      assertFalse(exchange(reloadPort, get).startsWith("HTTP/1.1 200"));
      swap(client.cert(), cert);
      swap(client.key(), key);
      assertTrue(exchange(reloadPort, get).startsWith("HTTP/1.1 200"));
    }
  }

  /** Replaces {@code target} in one rename, as the kubelet swaps a Secret volume's files. */
  private static void swap(Path source, Path target) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.copy(source, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.setLastModifiedTime(
        tmp, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + swaps++));
    Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static long swaps;

  @Test
  void proxyRefusesARegistryItsCaDidNotSign() throws IOException {
    int otherPort = FreePort.find();
    try (BackgroundProcess distrusting =
        startProxy("amd64", rogue.certificate(), SERVER_NAME, otherPort, List.of())) {
      assertEquals("", exchange(otherPort, "GET /v2/ HTTP/1.1\r\nHost: x\r\n\r\n"));
      awaitLogLines(distrusting, "TLS handshake with the registry", 1);
      assertTrue(
          distrusting.log().contains("certificate signed by unknown authority"), distrusting.log());
    }
  }

  @Test
  void proxyRefusesARegistryCertificateForAnotherName() throws IOException {
    int otherPort = FreePort.find();
    try (BackgroundProcess misnamed =
        startProxy("amd64", ca.certificate(), "other.airlock.test", otherPort, List.of())) {
      assertEquals("", exchange(otherPort, "GET /v2/ HTTP/1.1\r\nHost: x\r\n\r\n"));
      awaitLogLines(misnamed, "not other.airlock.test", 1);
    }
  }

  // ------------------------------------------------------------------ limits and timeouts

  @Test
  void limitsConnectionsAndClosesIdleOnes() throws Exception {
    int limitedPort = FreePort.find();
    try (BackgroundProcess limited =
            startProxy(
                "amd64",
                ca.certificate(),
                SERVER_NAME,
                limitedPort,
                List.of("--max-connections", "1", "--idle-timeout", "1s"));
        Socket first = new Socket("127.0.0.1", limitedPort)) {
      first.setSoTimeout(15_000);
      OutputStream out = first.getOutputStream();
      out.write("GET /v2/ HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertTrue(readSome(first.getInputStream()).startsWith("HTTP/1.1 200"));

      // The one slot is taken: a second client is closed at once, with one log line.
      assertEquals("", exchange(limitedPort, "GET /v2/ HTTP/1.1\r\nHost: x\r\n\r\n"));
      awaitLogLines(limited, "1 connections already open (--max-connections)", 1);

      // Silent in both directions for the idle timeout: the proxy ends the first connection.
      Instant before = Instant.now();
      assertEquals(-1, first.getInputStream().read());
      assertTrue(Duration.between(before, Instant.now()).toMillis() < 10_000);
      awaitLogLines(limited, "idle for 1s, closed", 1);
    }
  }

  // ------------------------------------------------------------------ bad configuration

  @Test
  void badConfigurationExitsTwoWithTheReason() throws IOException {
    List<String> good = upstream(ca.certificate(), client.cert(), client.key());
    assertConfigError(List.of("--upstream", registry.host()), "--listen is required");
    assertConfigError(
        concat(List.of("--listen", "0.0.0.0:5000"), good), "is not a loopback address");
    assertConfigError(concat(List.of("--listen", "localhost:5000"), good), "use an IP literal");
    assertConfigError(
        List.of("--listen", "127.0.0.1:5000", "--upstream", "no-port", "--ca", "x"),
        "--upstream \"no-port\" is not host:port");
    assertConfigError(
        loopback(upstream(dir.resolve("absent.crt"), client.cert(), client.key())),
        "cannot read the CA file (--ca)");
    OpensslCa.Pair other = rogue.client("other");
    assertConfigError(
        loopback(upstream(ca.certificate(), client.cert(), other.key())),
        "cannot load the client certificate");
    Path notPem = Files.writeString(dir.resolve("not-pem.crt"), "hello");
    assertConfigError(
        loopback(upstream(notPem, client.cert(), client.key())), "holds no PEM certificate");
    OpensslCa.Pair expired = ca.expiredClient("expired");
    BackgroundProcess.sleep(1100);
    assertConfigError(
        loopback(upstream(ca.certificate(), expired.cert(), expired.key())), "; issue a new one");
    assertConfigError(
        concat(List.of("--listen", "127.0.0.1:5000", "--max-connections", "0"), good),
        "--max-connections must be from 1");
    assertConfigError(concat(List.of("--listen", "127.0.0.1:5000", "--bogus"), good), "bogus");
  }

  // ------------------------------------------------------------------ helpers

  private static BackgroundProcess startProxy(
      String architecture, Path trustedCa, String serverName, int listenPort, List<String> extra) {
    return startProxy(
        architecture, trustedCa, serverName, listenPort, client.cert(), client.key(), extra);
  }

  private static BackgroundProcess startProxy(
      String architecture,
      Path trustedCa,
      String serverName,
      int listenPort,
      Path cert,
      Path key,
      List<String> extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--listen", "127.0.0.1:" + listenPort,
                "--listen", "[::1]:" + listenPort,
                "--upstream", registry.host(),
                "--server-name", serverName,
                "--ca", trustedCa.toString(),
                "--cert", cert.toString(),
                "--key", key.toString()));
    args.addAll(extra);
    return BackgroundProcess.startAndAwait(
        NodePrograms.command(architecture, NodePrograms.proxy(architecture), args),
        "over mutual TLS");
  }

  private static void assertConfigError(List<String> args, String expected) {
    Command.Result result =
        Command.run(
            concat(List.of(NodePrograms.proxy("amd64").toString()), args),
            Map.of(),
            Duration.ofSeconds(30));
    assertEquals(2, result.exitCode(), "exit code for " + args + ":\n" + result.stderr());
    assertTrue(result.stderr().contains(expected), result.stderr());
  }

  /** The upstream flags: the registry, the CA to trust it by, the client certificate. */
  private static List<String> upstream(Path trustedCa, Path cert, Path key) {
    return List.of(
        "--upstream",
        registry.host(),
        "--ca",
        trustedCa.toString(),
        "--cert",
        cert.toString(),
        "--key",
        key.toString());
  }

  /** {@code args} after {@code --listen 127.0.0.1:5000}. */
  private static List<String> loopback(List<String> args) {
    return concat(List.of("--listen", "127.0.0.1:5000"), args);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static Command.Result skopeoInspect(String image, String... flags) {
    List<String> cmd = new ArrayList<>(List.of("skopeo", "inspect", "--raw"));
    cmd.addAll(List.of(flags));
    cmd.add(image);
    return Command.run(cmd, Map.of(), Duration.ofMinutes(1));
  }

  /**
   * Sends a request and returns whatever came back before the connection closed; a reset (the proxy
   * closing with the request unread) counts as closed.
   */
  private static String exchange(int toPort, String request) throws IOException {
    StringBuilder received = new StringBuilder();
    try (Socket s = new Socket("127.0.0.1", toPort)) {
      s.setSoTimeout(15_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[4096];
      for (int n; (n = in.read(buf)) > 0; ) {
        received.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
      }
    } catch (SocketException e) {
      if (!String.valueOf(e.getMessage()).contains("reset")) {
        throw e;
      }
    }
    return received.toString();
  }

  private static String readSome(InputStream in) throws IOException {
    byte[] buf = new byte[512];
    int n = in.read(buf);
    return n < 0 ? "" : new String(buf, 0, n, StandardCharsets.ISO_8859_1);
  }

  /** Waits until exactly {@code count} log lines contain {@code text}. */
  private static void awaitLogLines(BackgroundProcess p, String text, int count) {
    Instant deadline = Instant.now().plusSeconds(10);
    long seen = 0;
    while (Instant.now().isBefore(deadline)) {
      seen = p.log().lines().filter(l -> l.contains(text)).count();
      if (seen >= count) {
        break;
      }
      BackgroundProcess.sleep(50);
    }
    BackgroundProcess.sleep(200);
    seen = p.log().lines().filter(l -> l.contains(text)).count();
    assertEquals(count, seen, "log lines with '" + text + "':\n" + p.log());
  }
}
