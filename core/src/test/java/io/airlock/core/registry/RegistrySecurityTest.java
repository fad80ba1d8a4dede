package io.airlock.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.BadInputException;
import io.airlock.core.Setting;
import io.airlock.core.bundle.Bundle;
import io.airlock.core.bundle.BundleImage;
import io.airlock.core.bundle.BundleOpener;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.testing.Command;
import io.airlock.core.testing.EmbeddedRegistry;
import io.airlock.core.testing.OpensslCa;
import io.airlock.core.testing.Samples;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS from PEM files made by openssl (an EC key in SEC1 form, which the JDK alone cannot read),
 * client certificates (mTLS), htpasswd users made by Apache's htpasswd, pull-only users, and the
 * refusal of plain HTTP off loopback. Clients are skopeo and curl.
 */
class RegistrySecurityTest {

  @TempDir static Path dir;
  static Path certs;
  static Path clientDir;
  static Path caCert;
  static OpensslCa.Pair server;
  static OpensslCa.Pair client;
  @AutoClose static EmbeddedRegistry source;
  @AutoClose static EmbeddedRegistry tlsWithUsers;
  @AutoClose static EmbeddedRegistry mtls;
  static String ref;

  @BeforeAll
  static void start() throws Exception {
    certs = Files.createDirectories(dir.resolve("certs"));
    OpensslCa authority = OpensslCa.create(certs, "airlock");
    caCert = authority.certificate();
    server = authority.server("server", "IP:127.0.0.1,IP:::1");
    // The server key in SEC1 form ("EC PRIVATE KEY"), as openssl ecparam writes it.
    Command.ok("openssl", "ec", "-in", server.key().toString(), "-out", server.key().toString());
    assertTrue(Files.readString(server.key()).startsWith("-----BEGIN EC PRIVATE KEY-----"));
    client = authority.client("node-1");
    // skopeo's --cert-dir: CA as *.crt, client pair as *.cert and *.key.
    clientDir = OpensslCa.certDir(dir.resolve("client"), caCert, client);

    Path htpasswd = dir.resolve("htpasswd");
    Command.ok("htpasswd", "-B", "-b", "-c", htpasswd.toString(), "pusher", "push-secret");
    Command.ok("htpasswd", "-B", "-b", htpasswd.toString(), "node", "pull-secret");

    Path sample = dir.resolve("bundle");
    Samples.k0rdent(sample, 1, 10_000, 3);
    Bundle bundle = new BundleOpener(dir.resolve("work"), ProgressListener.NONE).open(sample);
    BundleImage image = bundle.images().get(0);
    ref =
        BundleContent.repositoryFor(image.ref()).orElseThrow()
            + image.ref().substring(image.ref().lastIndexOf(':'));
    source =
        EmbeddedRegistry.start(
            BundleContent.of(bundle, dir.resolve("cache"), ProgressListener.NONE), false);

    ServerOptions.Tls tls = new ServerOptions.Tls(server.cert(), server.key(), null);
    Htpasswd users = Htpasswd.load(htpasswd);
    tlsWithUsers =
        EmbeddedRegistry.start(
            dir.resolve("s1"),
            0,
            a ->
                new ServerOptions(
                    List.of(a), tls, users, Set.of("node"), false, Duration.ofSeconds(5)));
    ServerOptions.Tls mutual = new ServerOptions.Tls(server.cert(), server.key(), caCert);
    mtls =
        EmbeddedRegistry.start(
            dir.resolve("s2"),
            0,
            a ->
                new ServerOptions(
                    List.of(a), mutual, null, Set.of(), false, Duration.ofSeconds(5)));
  }

  static Command.Result skopeoCopy(String to, String... flags) {
    List<String> cmd =
        new java.util.ArrayList<>(List.of("skopeo", "copy", "--quiet", "--src-tls-verify=false"));
    cmd.addAll(List.of(flags));
    cmd.add("docker://" + source.host() + "/" + ref);
    cmd.add(to);
    return Command.run(cmd, Map.of(), Duration.ofMinutes(2));
  }

  static Command.Result curl(String... args) {
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of("curl", "-sS", "-o", "/dev/stderr", "-w", "%{http_code}"));
    cmd.addAll(List.of(args));
    return Command.run(cmd, Map.of(), Duration.ofMinutes(1));
  }

  /** curl to {@code path} on the TLS registry with users, trusting its CA, with more flags. */
  static Command.Result curlUsers(String path, String... flags) {
    List<String> args = new java.util.ArrayList<>(List.of("--cacert", caCert.toString()));
    args.addAll(List.of(flags));
    args.add("https://" + tlsWithUsers.host() + path);
    return curl(args.toArray(String[]::new));
  }

  @Test
  void aUserPushesAndPullsOverTlsWithAPemEcKey() {
    String target = "docker://" + tlsWithUsers.host() + "/" + ref;
    skopeoCopy(
            target, "--dest-cert-dir", clientDir.toString(), "--dest-creds", "pusher:push-secret")
        .requireSuccess(List.of("skopeo copy to TLS registry"));
    Command.Result inspect =
        Command.run(
            List.of(
                "skopeo",
                "inspect",
                "--raw",
                "--cert-dir",
                clientDir.toString(),
                "--creds",
                "node:pull-secret",
                target),
            Map.of(),
            Duration.ofMinutes(1));
    assertEquals(0, inspect.exitCode(), inspect.stderr());
    // Blobs come back over TLS (64 KiB chunks, not sendfile) exactly as pushed.
    Path out = dir.resolve("pulled-over-tls");
    Command.Result pull =
        Command.run(
            List.of(
                "skopeo",
                "copy",
                "--quiet",
                "--src-cert-dir",
                clientDir.toString(),
                "--src-creds",
                "node:pull-secret",
                target,
                "dir:" + out),
            Map.of(),
            Duration.ofMinutes(1));
    assertEquals(0, pull.exitCode(), pull.stderr());
    Command.Result plain =
        Command.run(
            List.of(
                "skopeo",
                "copy",
                "--quiet",
                "--src-tls-verify=false",
                "docker://" + source.host() + "/" + ref,
                "dir:" + dir.resolve("pulled-plain")),
            Map.of(),
            Duration.ofMinutes(1));
    assertEquals(0, plain.exitCode(), plain.stderr());
    Command.ok("diff", "-r", out.toString(), dir.resolve("pulled-plain").toString());
  }

  @Test
  void withoutCredentialsOrWithWrongOnesTheAnswerIs401() {
    Command.Result anonymous = curlUsers("/v2/", "-D", "-");
    assertTrue(anonymous.out().endsWith("401"), anonymous.out());
    assertTrue(
        anonymous.out().toLowerCase().contains("www-authenticate: basic realm=\"airlock\""),
        anonymous.out());
    assertTrue(anonymous.stderr().contains("UNAUTHORIZED"), anonymous.stderr());
    Command.Result wrong = curlUsers("/v2/", "-u", "pusher:wrong");
    assertTrue(wrong.out().endsWith("401"), wrong.out());
    Command.Result right = curlUsers("/v2/", "-u", "node:pull-secret");
    assertTrue(right.out().endsWith("200"), right.out());
    // /healthz and /metrics stay open for probes and scrapers.
    assertTrue(curlUsers("/healthz").out().endsWith("200"));
    Command.Result metrics = curlUsers("/metrics");
    assertTrue(
        metrics
            .stderr()
            .contains(
                "airlock_registry_requests_total{route=\"base\",method=\"GET\",status=\"401\"}"),
        metrics.stderr());
    assertTrue(
        metrics
            .stderr()
            .contains("airlock_registry_errors_total{route=\"base\",code=\"UNAUTHORIZED\"}"),
        metrics.stderr());
  }

  @Test
  void aPullOnlyUserIsDeniedPushesWith403() {
    Command.Result r =
        skopeoCopy(
            "docker://" + tlsWithUsers.host() + "/denied/" + ref,
            "--dest-cert-dir",
            clientDir.toString(),
            "--dest-creds",
            "node:pull-secret");
    assertNotEquals(0, r.exitCode());
    assertTrue(r.stderr().contains("may pull but not push"), r.stderr());
    Command.Result post = curlUsers("/v2/x/blobs/uploads/", "-u", "node:pull-secret", "-X", "POST");
    assertTrue(
        post.out().endsWith("403") && post.stderr().contains("DENIED"), post.out() + post.stderr());
  }

  @Test
  void mtlsRefusesClientsWithoutACertificate() {
    String url = "https://" + mtls.host() + "/v2/";
    Command.Result without = curl("--cacert", caCert.toString(), url);
    assertNotEquals(0, without.exitCode(), "a client without certificate got in: " + without.out());
    Command.Result with =
        curl(
            "--cacert",
            caCert.toString(),
            "--cert",
            client.cert().toString(),
            "--key",
            client.key().toString(),
            url);
    assertEquals(0, with.exitCode(), with.stderr());
    assertTrue(with.out().endsWith("200"), with.out());
    skopeoCopy("docker://" + mtls.host() + "/" + ref, "--dest-cert-dir", clientDir.toString())
        .requireSuccess(List.of("skopeo copy over mTLS"));
  }

  @Test
  void plainHttpOffLoopbackIsRefusedUnlessAllowed() throws Exception {
    InetSocketAddress any = new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0);
    ServerOptions plain =
        new ServerOptions(List.of(any), null, null, Set.of(), false, Duration.ofSeconds(1));
    BadInputException e = assertThrows(BadInputException.class, plain::check);
    assertTrue(
        e.getMessage().contains("Refusing to serve plain HTTP on 0.0.0.0:0"), e.getMessage());
    assertEquals(
        List.of(Setting.TLS_CERT, Setting.TLS_KEY, Setting.ALLOW_PLAIN_HTTP_REMOTE), e.settings());
    assertEquals("registry.plain-http-remote", e.code().orElseThrow());
    new ServerOptions(List.of(any), null, null, Set.of(), true, Duration.ofSeconds(1)).check();
  }

  @Test
  void htpasswdEntriesThatAreNotBcryptAreRefused() throws Exception {
    Path md5 = dir.resolve("md5.htpasswd");
    Command.ok("htpasswd", "-m", "-b", "-c", md5.toString(), "old", "pw");
    BadInputException e = assertThrows(BadInputException.class, () -> Htpasswd.load(md5));
    assertTrue(e.getMessage().contains("not a bcrypt hash"), e.getMessage());
  }
}
