package io.airlock.installer.mirrors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.BadInputException;
import io.airlock.core.oci.ImageRef;
import io.airlock.core.oci.TargetNaming;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;
import org.yaml.snakeyaml.Yaml;

/**
 * Every format parsed back with an independent parser (tomlj for TOML, SnakeYAML for YAML) and
 * checked field by field against the push engine's path rule.
 */
class MirrorFormatsTest {

  static final String CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
  static final MirrorTarget PLAIN =
      new MirrorTarget(
          "127.0.0.1:31999", true, null, false, "site", false, List.of("docker.io", "ghcr.io"));
  static final MirrorTarget TLS =
      new MirrorTarget(
          "[fd00::10]:5443", false, CA, false, "", false, List.of("docker.io", "registry.k8s.io"));

  @SuppressWarnings("unchecked")
  static <T> T at(Object tree, String... keys) {
    Object o = tree;
    for (String k : keys) {
      o = ((Map<String, Object>) o).get(k);
    }
    return (T) o;
  }

  static TomlParseResult toml(String text) {
    TomlParseResult r = Toml.parse(text);
    assertFalse(r.hasErrors(), r.errors().toString());
    return r;
  }

  @Test
  void pathRuleMatchesThePushEngine() {
    ImageRef nginx = ImageRef.parse("nginx:1.25");
    assertEquals("p/docker.io/library/nginx", new TargetNaming("p", false).repository(nginx));
    assertEquals("p/library/nginx", new TargetNaming("/p/", true).repository(nginx));
    assertEquals("docker.io/library/nginx", new TargetNaming("", false).repository(nginx));
    assertEquals("a/b/charts/podinfo", new TargetNaming("a//b", false).chartRepository("podinfo"));
    assertEquals(
        "http://127.0.0.1:31999/v2/site/docker.io", PLAIN.overridePathEndpoint("docker.io"));
    assertEquals(
        "https://[fd00::10]:5443/v2/registry.k8s.io", TLS.overridePathEndpoint("registry.k8s.io"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TargetNaming.normalizePrefix("Site"));
    assertTrue(e.getMessage().startsWith("not a repository prefix: 'Site'"), e.getMessage());
  }

  @Test
  void containerdHostsTomlPerUpstream() {
    MirrorConfig c = MirrorConfigs.of(MirrorFormat.CONTAINERD, PLAIN);
    TomlParseResult docker = toml(c.file("/etc/containerd/certs.d/docker.io/hosts.toml").text());
    assertEquals("https://registry-1.docker.io", docker.getString("server"));
    TomlTable host = docker.getTable(List.of("host", "http://127.0.0.1:31999/v2/site/docker.io"));
    assertEquals(List.of("pull", "resolve"), host.getArray("capabilities").toList());
    assertTrue(host.getBoolean("override_path"));
    assertFalse(host.contains("ca"));
    TomlParseResult ghcr = toml(c.file("/etc/containerd/certs.d/ghcr.io/hosts.toml").text());
    assertEquals("https://ghcr.io", ghcr.getString("server"));
    assertTrue(
        ghcr.getTable(List.of("host", "http://127.0.0.1:31999/v2/site/ghcr.io"))
            .getBoolean("override_path"));
    assertEquals(
        2, c.files().size(), "plain HTTP needs no CA and no entry for the registry itself");
  }

  @Test
  void containerdWithCaAndIpv6Registry() {
    MirrorConfig c = MirrorConfigs.of(MirrorFormat.CONTAINERD, TLS);
    String caPath = "/etc/containerd/certs.d/[fd00::10]:5443/ca.crt";
    assertEquals(CA, c.file(caPath).text());
    TomlTable host =
        toml(c.file("/etc/containerd/certs.d/registry.k8s.io/hosts.toml").text())
            .getTable(List.of("host", "https://[fd00::10]:5443/v2/registry.k8s.io"));
    assertEquals(caPath, host.getString("ca"));
    TomlParseResult own = toml(c.file("/etc/containerd/certs.d/[fd00::10]:5443/hosts.toml").text());
    assertEquals("https://[fd00::10]:5443", own.getString("server"));
  }

  @Test
  void k3sRegistriesYamlRewritesToThePushedPath() {
    MirrorConfig c = MirrorConfigs.of(MirrorFormat.K3S, PLAIN);
    Map<String, Object> doc = new Yaml().load(c.file("/etc/rancher/k3s/registries.yaml").text());
    assertEquals(List.of("http://127.0.0.1:31999"), at(doc, "mirrors", "docker.io", "endpoint"));
    Map<String, String> rewrite = at(doc, "mirrors", "docker.io", "rewrite");
    assertEquals(1, rewrite.size());
    // Apply the rewrite as k3s does (Go regexp, $1) and compare with the push engine's path.
    Map.Entry<String, String> rule = rewrite.entrySet().iterator().next();
    Matcher m = Pattern.compile(rule.getKey()).matcher("library/nginx");
    assertTrue(m.matches());
    assertEquals(
        new TargetNaming("site", false).repository(ImageRef.parse("nginx")),
        rule.getValue().replace("$1", m.group(1)));
    assertEquals(null, doc.get("configs"));
    assertTrue(c.steps().get(1).contains("k3s-agent"));
  }

  @Test
  void rke2RegistriesYamlWithCaFile() {
    MirrorConfig c = MirrorConfigs.of(MirrorFormat.RKE2, TLS);
    Map<String, Object> doc = new Yaml().load(c.file("/etc/rancher/rke2/registries.yaml").text());
    assertEquals(
        List.of("https://[fd00::10]:5443"), at(doc, "mirrors", "registry.k8s.io", "endpoint"));
    assertEquals(
        Map.of("^(.*)$", "registry.k8s.io/$1"), at(doc, "mirrors", "registry.k8s.io", "rewrite"));
    assertEquals(
        "/etc/rancher/rke2/airlock-ca.crt",
        at(doc, "configs", "[fd00::10]:5443", "tls", "ca_file"));
    assertEquals(CA, c.file("/etc/rancher/rke2/airlock-ca.crt").text());
  }

  @Test
  void k0sDropInPointsCriAtItsOwnHostsDirectory() {
    MirrorConfig c = MirrorConfigs.of(MirrorFormat.K0S, PLAIN);
    TomlParseResult dropIn = toml(c.file("/etc/k0s/containerd.d/airlock-registries.toml").text());
    assertEquals(2L, dropIn.getLong("version"));
    assertEquals(
        "/etc/k0s/certs.d",
        dropIn.getString(
            List.of("plugins", "io.containerd.grpc.v1.cri", "registry", "config_path")));
    TomlParseResult hosts = toml(c.file("/etc/k0s/certs.d/docker.io/hosts.toml").text());
    assertTrue(
        hosts
            .getTable(List.of("host", "http://127.0.0.1:31999/v2/site/docker.io"))
            .getBoolean("override_path"));
  }

  @Test
  void talosPatchHasPerUpstreamEndpointsWithOverridePathAndBase64Ca() {
    MirrorConfig c = MirrorConfigs.of(MirrorFormat.TALOS, TLS);
    Map<String, Object> doc = new Yaml().load(c.files().get(0).text());
    assertEquals(
        List.of("https://[fd00::10]:5443/v2/docker.io"),
        at(doc, "machine", "registries", "mirrors", "docker.io", "endpoints"));
    assertEquals(true, at(doc, "machine", "registries", "mirrors", "docker.io", "overridePath"));
    String ca = at(doc, "machine", "registries", "config", "[fd00::10]:5443", "tls", "ca");
    assertEquals(CA, new String(Base64.getDecoder().decode(ca), StandardCharsets.US_ASCII));
    assertTrue(c.steps().get(0).contains("talosctl patch machineconfig"));
  }

  @Test
  void crioDropInMirrorsEachPrefixToThePushedNamespace() {
    MirrorConfig c = MirrorConfigs.of(MirrorFormat.CRIO, PLAIN);
    TomlArray registries =
        toml(c.file("/etc/containers/registries.conf.d/50-airlock.conf").text())
            .getArray("registry");
    assertEquals(2, registries.size());
    TomlTable docker = registries.getTable(0);
    assertEquals("docker.io", docker.getString("prefix"));
    assertEquals("docker.io", docker.getString("location"));
    TomlTable mirror = docker.getArray("mirror").getTable(0);
    assertEquals("127.0.0.1:31999/site/docker.io", mirror.getString("location"));
    assertTrue(mirror.getBoolean("insecure"));
    MirrorConfig tls = MirrorConfigs.of(MirrorFormat.CRIO, TLS);
    TomlTable tlsMirror =
        toml(tls.files().get(0).text())
            .getArray("registry")
            .getTable(0)
            .getArray("mirror")
            .getTable(0);
    assertFalse(tlsMirror.contains("insecure"), "TLS by default");
    assertEquals(CA, tls.file("/etc/containers/certs.d/[fd00::10]:5443/ca.crt").text());
  }

  @Test
  void flattenedPathsDropTheUpstreamRegistry() {
    MirrorTarget flat =
        new MirrorTarget("reg.local:5000", false, null, false, "p", true, List.of("quay.io"));
    assertEquals("https://reg.local:5000/v2/p", flat.overridePathEndpoint("quay.io"));
    Map<String, Object> doc =
        new Yaml().load(MirrorConfigs.of(MirrorFormat.K3S, flat).files().get(0).text());
    assertEquals(Map.of("^(.*)$", "p/$1"), at(doc, "mirrors", "quay.io", "rewrite"));
  }

  @Test
  void writesTheNodeTreeAtomicallyAndRefusesToOverwriteUnlessForced(@TempDir Path dir)
      throws Exception {
    Path out = dir.resolve("out");
    MirrorConfigs.write(MirrorConfigs.of(MirrorFormat.CONTAINERD, TLS), out, false);
    assertEquals(
        CA, Files.readString(out.resolve("etc/containerd/certs.d/[fd00::10]:5443/ca.crt")));
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () -> MirrorConfigs.write(MirrorConfigs.of(MirrorFormat.K3S, PLAIN), out, false));
    assertEquals(out + " already exists.", e.getMessage());
    MirrorConfigs.write(MirrorConfigs.of(MirrorFormat.K3S, PLAIN), out, true);
    assertTrue(Files.exists(out.resolve("etc/rancher/k3s/registries.yaml")));
    assertFalse(Files.exists(out.resolve("etc/containerd")), "replaced, not merged");
    try (var s = Files.list(dir)) {
      assertEquals(List.of(out), s.toList(), "no temporary directory left behind");
    }
  }

  @Test
  void badTargetsAreRefusedWithTheReason() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new MirrorTarget("::1:5000", true, null, false, "", false, List.of("docker.io")));
    assertEquals("'::1:5000' is not HOST[:PORT] (IPv6 in brackets: [::1]:5000)", e.getMessage());
  }
}
