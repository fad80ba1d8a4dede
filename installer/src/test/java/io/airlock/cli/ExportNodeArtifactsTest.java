package io.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/**
 * {@code airlock export-node-artifacts} on a sample bundle: every format's files, a CA from
 * openssl, checksums {@code sha256sum -c} accepts, and the README's own commands run by {@code sh}
 * against a directory standing for a node's root (install, backup, undo).
 */
class ExportNodeArtifactsTest {

  @TempDir static Path dir;
  static Path sample;

  @BeforeAll
  static void makeSample() {
    sample = CliRun.sampleBundle(dir.resolve("sample"), "--images", "2");
  }

  @Test
  void nodeportWritesEveryFormatWithChecksumsAndAReadme() throws Exception {
    Path out = dir.resolve("nodeport");
    CliRun r = CliRun.of("export-node-artifacts", sample.toString(), out.toString());
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("pulls go to http://127.0.0.1:31999"), r.out());
    for (String f : List.of("containerd", "k3s", "rke2", "k0s", "crio", "talos")) {
      assertTrue(Files.isDirectory(out.resolve(f)), f);
    }
    assertFalse(Files.exists(out.resolve("ca.crt")), "plain HTTP on the node's loopback: no CA");
    TomlParseResult hosts =
        Toml.parse(out.resolve("containerd/etc/containerd/certs.d/docker.io/hosts.toml"));
    assertFalse(hosts.hasErrors(), hosts.errors().toString());
    assertTrue(hosts.getTable("host").keySet().contains("http://127.0.0.1:31999/v2/docker.io"));
    assertEquals("", run(out, "sha256sum", "-c", "--quiet", "SHA256SUMS"));
    String readme = Files.readString(out.resolve("README.md"));
    assertTrue(
        readme.contains(
            "talosctl patch machineconfig --nodes NODE[,NODE...] --patch @talos/airlock-registries.patch.yaml"),
        readme);
    assertTrue(readme.contains("crictl pull docker.io/"), readme);
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith(".")).toList());
    }
  }

  /**
   * The README's containerd block, run as written against a fake root: it backs up the file it
   * replaces once, installs the new ones, and its undo block puts the old one back.
   */
  @Test
  void theReadmesCommandsInstallBackUpAndUndo() throws Exception {
    Path out = dir.resolve("byhand");
    assertEquals(
        0,
        CliRun.of(
                "export-node-artifacts",
                sample.toString(),
                out.toString(),
                "--format",
                "containerd,talos",
                "--mode",
                "hostport")
            .exitCode());
    Path root = dir.resolve("root");
    Path existing = root.resolve("etc/containerd/certs.d/docker.io/hosts.toml");
    Files.createDirectories(existing.getParent());
    Files.writeString(existing, "# the site's own\n");
    List<String> blocks = shellBlocks(Files.readString(out.resolve("README.md")));
    assertEquals(2, blocks.size(), blocks.toString());
    run(out, "sh", "-ec", blocks.get(0) + "\n", "ROOT=" + root);
    assertEquals(
        "# the site's own\n",
        Files.readString(existing.resolveSibling("hosts.toml.airlock-backup")));
    assertTrue(Files.readString(existing).contains("http://127.0.0.1:5000/v2/docker.io"));
    // A second run keeps the first backup: the site's file, not Airlock's.
    run(out, "sh", "-ec", blocks.get(0) + "\n", "ROOT=" + root);
    assertEquals(
        "# the site's own\n",
        Files.readString(existing.resolveSibling("hosts.toml.airlock-backup")));
    run(out, "sh", "-ec", blocks.get(1) + "\n", "ROOT=" + root);
    assertEquals("# the site's own\n", Files.readString(existing));
    assertFalse(Files.exists(existing.resolveSibling("hosts.toml.airlock-backup")));
    assertFalse(Files.exists(root.resolve("etc/containerd/certs.d/ghcr.io/hosts.toml")));
  }

  @Test
  void externalRegistryCarriesItsCa() throws Exception {
    Path ca = io.airlock.core.testing.OpensslCa.create(dir, "site").certificate();
    Path out = dir.resolve("external");
    CliRun r =
        CliRun.of(
            "export-node-artifacts",
            sample.toString(),
            out.toString(),
            "--mode",
            "external",
            "--registry-url",
            "registry.site.test:5443/mirror",
            "--ca-file",
            ca.toString(),
            "--format",
            "containerd,crio");
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals(Files.readString(ca), Files.readString(out.resolve("ca.crt")));
    assertEquals(
        Files.readString(ca),
        Files.readString(
            out.resolve("crio/etc/containers/certs.d/registry.site.test:5443/ca.crt")));
    assertTrue(
        Files.readString(out.resolve("containerd/etc/containerd/certs.d/docker.io/hosts.toml"))
            .contains("https://registry.site.test:5443/v2/mirror/docker.io"));
    assertEquals("", run(out, "sha256sum", "-c", "--quiet", "SHA256SUMS"));
  }

  @Test
  void anExistingOutputIsKeptWithoutForce() throws Exception {
    Path out = Files.createDirectories(dir.resolve("taken"));
    Files.writeString(out.resolve("mine"), "x");
    CliRun r = CliRun.of("export-node-artifacts", sample.toString(), out.toString());
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().contains("already exists"), r.err());
    assertTrue(r.err().contains("--force"), r.err());
    assertEquals(List.of(out.resolve("mine")), Files.list(out).toList());
    assertEquals(
        0,
        CliRun.of("export-node-artifacts", sample.toString(), out.toString(), "--force")
            .exitCode());
    assertFalse(Files.exists(out.resolve("mine")));
  }

  @Test
  void optionsThatDoNotGoTogetherAreRefused() {
    CliRun r =
        CliRun.of(
            "export-node-artifacts",
            sample.toString(),
            dir.resolve("x").toString(),
            "--ca-file",
            "ca.pem");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().contains("belong to --registry-url"), r.err());
    r =
        CliRun.of(
            "export-node-artifacts",
            sample.toString(),
            dir.resolve("x").toString(),
            "--format",
            "docker");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().contains("unknown mirror format 'docker'"), r.err());
    assertFalse(Files.exists(dir.resolve("x")));
  }

  private static List<String> shellBlocks(String readme) {
    Matcher m =
        Pattern.compile("```\n(cd containerd\n.*?|for f in .*?)```", Pattern.DOTALL)
            .matcher(readme);
    List<String> blocks = new java.util.ArrayList<>();
    while (m.find()) {
      blocks.add(m.group(1).startsWith("for") ? "cd containerd\n" + m.group(1) : m.group(1));
    }
    return blocks;
  }

  /** Runs a command in {@code cwd}; a trailing {@code NAME=VALUE} goes to its environment. */
  private static String run(Path cwd, String... command) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(command));
    ProcessBuilder pb = new ProcessBuilder().directory(cwd.toFile()).redirectErrorStream(true);
    String last = cmd.get(cmd.size() - 1);
    if (last.startsWith("ROOT=")) {
      cmd.remove(cmd.size() - 1);
      pb.environment().put("ROOT", last.substring(5));
    }
    Process p = pb.command(cmd).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + output);
    return output;
  }
}
