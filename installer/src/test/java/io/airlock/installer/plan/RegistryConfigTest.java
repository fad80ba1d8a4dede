package io.airlock.installer.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.digest.Digest;
import io.airlock.core.keys.Pem;
import io.airlock.core.sample.SampleBundle;
import io.airlock.core.testing.Command;
import io.airlock.core.testing.DockerRegistry;
import io.airlock.core.testing.FreePort;
import io.airlock.core.testing.Samples;
import io.airlock.installer.pki.RegistryPki;
import io.airlock.installer.testing.RegistryPkis;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The registry configuration the plan puts in {@code airlock-registry-config}, run by the real
 * distribution (Debian's docker-registry) with the plan's certificates and htpasswd: the push
 * endpoint takes pushes only with the generated password; the serve endpoint (proxy modes) serves
 * only clients with Airlock's client certificate and refuses every write.
 */
class RegistryConfigTest {

  @TempDir static Path dir;
  @AutoClose static DockerRegistry push;
  @AutoClose static DockerRegistry serve;
  static String password;
  static Path layout;
  static List<SampleBundle.SampleImage> images;
  static Path clientCerts;
  static Path caOnly;

  @BeforeAll
  static void start() throws Exception {
    RegistryPki pki = RegistryPkis.fresh();
    Path certs = Files.createDirectories(dir.resolve("certs"));
    Files.writeString(certs.resolve("tls.crt"), pki.server().certificateChainPem());
    Files.writeString(certs.resolve("tls.key"), pki.server().privateKeyPem());
    Files.writeString(certs.resolve("ca.crt"), Pem.certificate(pki.authority().certificate()));
    Secret auth = AccessObjects.pushCredentials("airlock-system");
    password = decode(auth, "password");
    Path authDir = Files.createDirectories(dir.resolve("auth"));
    Files.writeString(authDir.resolve("htpasswd"), decode(auth, "htpasswd"));
    Path data = Files.createDirectories(dir.resolve("data"));

    Map<String, String> config = RegistryObjects.config("airlock-system", true).getData();
    int pushPort = FreePort.find();
    int servePort = FreePort.find();
    push =
        DockerRegistry.startWithConfig(
            localise(config.get("push.yml"), "push", pushPort, data, certs, authDir),
            pushPort,
            true);
    serve =
        DockerRegistry.startWithConfig(
            localise(config.get("serve.yml"), "serve", servePort, data, certs, authDir),
            servePort,
            true);

    // skopeo's cert dirs: *.crt are CAs, *.cert/*.key a client identity.
    caOnly = Files.createDirectories(dir.resolve("ca-only"));
    Files.writeString(caOnly.resolve("ca.crt"), Pem.certificate(pki.serverTrust()));
    clientCerts = Files.createDirectories(dir.resolve("client"));
    Files.writeString(clientCerts.resolve("ca.crt"), Pem.certificate(pki.serverTrust()));
    Files.writeString(clientCerts.resolve("client.cert"), pki.client().certificateChainPem());
    Files.writeString(clientCerts.resolve("client.key"), pki.client().privateKeyPem());

    layout = dir.resolve("bundle");
    images = Samples.ociLayout(layout, 2, 2048, 5).images();
  }

  static String decode(Secret s, String key) {
    return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
  }

  /** The generated config with the pod's paths and port replaced by this machine's. */
  @SuppressWarnings("unchecked")
  static Path localise(String yaml, String name, int port, Path data, Path certs, Path auth)
      throws Exception {
    Map<String, Object> c = new Yaml().load(yaml);
    ((Map<String, Object>) ((Map<String, Object>) c.get("storage")).get("filesystem"))
        .put("rootdirectory", data.toString());
    Map<String, Object> http = (Map<String, Object>) c.get("http");
    http.put("addr", "127.0.0.1:" + port);
    String text =
        new Yaml()
            .dump(c)
            .replace("/certs/", certs + "/")
            .replace("/auth/htpasswd", auth.resolve("htpasswd").toString());
    Path f = dir.resolve(name + ".yml");
    Files.writeString(f, text);
    return f;
  }

  static Command.Result skopeoCopy(String image, DockerRegistry to, String... flags) {
    List<String> cmd = new java.util.ArrayList<>(List.of("skopeo", "copy", "--quiet"));
    cmd.addAll(List.of(flags));
    cmd.add("oci:" + layout + ":" + image);
    cmd.add("docker://" + to.host() + "/docker.io/" + image.substring(image.indexOf('/') + 1));
    return Command.run(cmd, Map.of(), java.time.Duration.ofMinutes(2));
  }

  @Test
  void pushNeedsTheGeneratedPasswordAndServeHandsTheImageOnlyToTheProxyCertificate() {
    String image = images.get(1).ref();
    Command.Result anonymous = skopeoCopy(image, push, "--dest-cert-dir", caOnly.toString());
    assertNotEquals(0, anonymous.exitCode(), "anonymous push must fail");
    assertTrue(
        anonymous.stderr().contains("authentication required")
            || anonymous.stderr().contains("unauthorized"),
        anonymous.stderr());

    Command.Result pushed =
        skopeoCopy(
            image,
            push,
            "--dest-cert-dir",
            caOnly.toString(),
            "--dest-creds",
            "airlock-push:" + password);
    assertEquals(0, pushed.exitCode(), pushed.stderr() + push.log());

    String served =
        "docker://" + serve.host() + "/docker.io/" + image.substring(image.indexOf('/') + 1);
    Command.Result withCert =
        Command.run("skopeo", "inspect", "--raw", "--cert-dir", clientCerts.toString(), served);
    assertEquals(0, withCert.exitCode(), withCert.stderr() + serve.log());
    assertEquals(images.get(1).digest(), Digest.sha256(withCert.stdout()));

    Command.Result withoutCert =
        Command.run("skopeo", "inspect", "--raw", "--cert-dir", caOnly.toString(), served);
    assertNotEquals(
        0, withoutCert.exitCode(), "the serve endpoint requires the proxy's client certificate");
    assertTrue(withoutCert.stderr().contains("tls: bad certificate"), withoutCert.stderr());
  }

  @Test
  void serveEndpointRefusesWritesEvenFromTheProxy() {
    Command.Result write =
        skopeoCopy(images.get(0).ref(), serve, "--all", "--dest-cert-dir", clientCerts.toString());
    assertNotEquals(0, write.exitCode(), "read-only: " + write.stderr());
    assertTrue(write.stderr().contains("405, Method not allowed"), write.stderr());
  }
}
