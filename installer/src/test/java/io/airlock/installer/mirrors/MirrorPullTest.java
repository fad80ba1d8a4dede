package io.airlock.installer.mirrors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.digest.Digest;
import io.airlock.core.keys.Pem;
import io.airlock.core.oci.ImageRef;
import io.airlock.core.oci.TargetNaming;
import io.airlock.core.sample.SampleBundle;
import io.airlock.core.testing.Command;
import io.airlock.core.testing.Containerd;
import io.airlock.core.testing.DockerRegistry;
import io.airlock.core.testing.Samples;
import io.airlock.core.testing.Skopeo;
import io.airlock.installer.pki.RegistryPki;
import io.airlock.installer.testing.RegistryPkis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/**
 * The generated node configuration used by the real consumers: a private containerd pulls upstream
 * names ({@code docker.io/library/...}, {@code ghcr.io/...}) through our hosts.toml from Debian's
 * docker-registry, plain and over TLS with Airlock's CA, populated with skopeo at the paths the
 * push engine uses; skopeo (the containers/image library CRI-O uses) resolves through the CRI-O
 * drop-in.
 */
class MirrorPullTest {

  static final String PREFIX = "site/mirror";
  @TempDir static Path dir;
  @AutoClose static DockerRegistry plain;
  @AutoClose static DockerRegistry tls;
  @AutoClose static Containerd containerd;
  static Path layout;
  static List<SampleBundle.SampleImage> images;
  static RegistryPki pki;
  static final String LIBRARY_IMAGE = "docker.io/library/airlock-sample:1.0";

  @BeforeAll
  static void start() throws Exception {
    layout = dir.resolve("bundle");
    images = Samples.ociLayout(layout, 4, 2048, 7).images();
    pki = RegistryPkis.fresh();
    Path server = dir.resolve("server.pem");
    Files.writeString(server, pki.server().certificateChainPem());
    Files.writeString(dir.resolve("server.key"), pki.server().privateKeyPem());
    Path certDir = Files.createDirectories(dir.resolve("skopeo-certs"));
    Files.writeString(certDir.resolve("ca.crt"), Pem.certificate(pki.serverTrust()));
    plain = DockerRegistry.start();
    tls =
        DockerRegistry.start(
            List.of(
                "  tls:", "    certificate: " + server, "    key: " + dir.resolve("server.key")));
    for (SampleBundle.SampleImage image : images) {
      push(image.ref(), image.ref(), plain, "--dest-tls-verify=false");
      push(image.ref(), image.ref(), tls, "--dest-cert-dir", certDir.toString());
    }
    // An official-library name, the most common pull of all.
    push(images.get(0).ref(), LIBRARY_IMAGE, plain, "--dest-tls-verify=false");
    containerd = Containerd.start(null);
  }

  /** Copies a sample image to where the push engine puts {@code as}. */
  static void push(String source, String as, DockerRegistry registry, String... flags) {
    ImageRef ref = ImageRef.parse(as);
    String target =
        registry.host() + "/" + new TargetNaming(PREFIX, false).repository(ref) + ":" + ref.tag();
    List<String> f = new ArrayList<>(List.of("--all"));
    f.addAll(List.of(flags));
    Skopeo.copy("oci:" + layout + ":" + source, "docker://" + target, f.toArray(String[]::new));
  }

  static MirrorTarget target(DockerRegistry registry, boolean plainHttp, String caPem) {
    return new MirrorTarget(
        registry.host(), plainHttp, caPem, false, PREFIX, false, MirrorTarget.DEFAULT_UPSTREAMS);
  }

  static Path writeHosts(MirrorTarget target, String name) throws Exception {
    Path hosts = Files.createDirectories(dir.resolve(name));
    for (MirrorFile f : ContainerdHosts.files(target, hosts.toString())) {
      Path p = Path.of(f.nodePath());
      Files.createDirectories(p.getParent());
      Files.write(p, f.content());
    }
    return hosts;
  }

  @Test
  void containerdPullsDockerHubLibraryAndGhcrNamesThroughPlainHttpMirror() throws Exception {
    Path hosts = writeHosts(target(plain, true, null), "hosts-plain");
    String ghcr =
        images.stream()
            .map(SampleBundle.SampleImage::ref)
            .filter(r -> r.startsWith("ghcr.io/"))
            .findFirst()
            .orElseThrow();
    for (String ref : List.of(LIBRARY_IMAGE, ghcr)) {
      Command.Result r = containerd.ctr("images", "pull", "--hosts-dir", hosts.toString(), ref);
      assertEquals(0, r.exitCode(), r.stderr() + r.out() + containerd.log());
      Digest expected =
          Skopeo.digest(
              "docker://"
                  + plain.host()
                  + "/"
                  + new TargetNaming(PREFIX, false).repository(ImageRef.parse(ref))
                  + ":"
                  + ImageRef.parse(ref).tag(),
              "--tls-verify=false");
      assertEquals(expected, containerd.imageDigest(ref));
    }
    assertEquals(images.get(0).digest(), containerd.imageDigest(LIBRARY_IMAGE));
  }

  @Test
  void containerdPullsOverTlsTrustingOnlyAirlocksCa() throws Exception {
    Path hosts = writeHosts(target(tls, false, Pem.certificate(pki.serverTrust())), "hosts-tls");
    String quay =
        images.stream()
            .map(SampleBundle.SampleImage::ref)
            .filter(r -> r.startsWith("quay.io/"))
            .findFirst()
            .orElseThrow();
    Command.Result r = containerd.ctr("images", "pull", "--hosts-dir", hosts.toString(), quay);
    assertEquals(0, r.exitCode(), r.stderr() + r.out());
    assertEquals(
        images.stream().filter(i -> i.ref().equals(quay)).findFirst().orElseThrow().digest(),
        containerd.imageDigest(quay));
    // The registry's own address is configured too, for workloads that name it directly.
    TomlParseResult own =
        Toml.parse(Files.readString(hosts.resolve(tls.host()).resolve("hosts.toml")));
    assertEquals(
        hosts.resolve(tls.host()).resolve("ca.crt").toString(),
        own.getString(List.of("host", "https://" + tls.host(), "ca")));
  }

  @Test
  void skopeoResolvesUpstreamNamesThroughTheCrioDropIn() throws Exception {
    Path conf = dir.resolve("registries.conf");
    Files.writeString(conf, CrioRegistries.dropIn(target(plain, true, null)));
    // --registries-conf: skopeo's (hidden) flag for the registries.conf that CRI-O would read.
    Command.Result r =
        Command.run(
            "skopeo",
            "--registries-conf",
            conf.toString(),
            "inspect",
            "--raw",
            "docker://" + LIBRARY_IMAGE);
    assertEquals(0, r.exitCode(), r.stderr());
    assertEquals(images.get(0).digest(), Digest.sha256(r.stdout()));
  }

  @Test
  void talosEndpointIsExactlyTheContainerdHostThatPulled() throws Exception {
    MirrorTarget t = target(plain, true, null);
    Map<String, Object> doc =
        new org.yaml.snakeyaml.Yaml().load(TalosPatch.config(t).files().get(0).text());
    for (String upstream : t.upstreams()) {
      TomlParseResult hosts =
          Toml.parse(
              ContainerdHosts.files(t, "/x").stream()
                  .filter(f -> f.nodePath().equals("/x/" + upstream + "/hosts.toml"))
                  .findFirst()
                  .orElseThrow()
                  .text());
      String containerdHost = hosts.getTable("host").keySet().iterator().next();
      @SuppressWarnings("unchecked")
      Map<String, Object> mirror =
          (Map<String, Object>)
              ((Map<String, Object>)
                      ((Map<String, Object>)
                              ((Map<String, Object>) doc.get("machine")).get("registries"))
                          .get("mirrors"))
                  .get(upstream);
      assertEquals(List.of(containerdHost), mirror.get("endpoints"));
      assertEquals(true, mirror.get("overridePath"));
      assertTrue(hosts.getBoolean(List.of("host", containerdHost, "override_path")));
    }
  }
}
