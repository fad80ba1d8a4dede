package io.airlock.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.airlock.core.digest.Digest;
import io.airlock.core.oci.Json;
import io.airlock.core.testing.Trees;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * airlock-nodecfg as the DaemonSet runs it, against a directory standing for the runtime's
 * configuration directory: it places files, keeps what it replaces once, reports in one JSON line,
 * refuses a containerd that reads another directory, and its restore leaves the tree byte for byte
 * as it was (on arm64 under qemu too).
 */
class NodecfgTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"amd64", "arm64"})
  void applyThenRestoreLeavesTheTreeAsItWas(String arch) throws Exception {
    Path source = Files.createDirectories(dir.resolve("cm"));
    Files.writeString(source.resolve("file-0"), "# airlock docker.io\n");
    Files.writeString(source.resolve("file-1"), "# airlock ghcr.io\n");
    Path host = Files.createDirectories(dir.resolve("host/certs.d/docker.io"));
    Files.writeString(host.resolve("hosts.toml"), "# the site's own\n");
    Path target = dir.resolve("host/certs.d");
    Path config = dir.resolve("config.toml");
    Files.writeString(
        config,
        "[plugins.\"io.containerd.grpc.v1.cri\".registry]\n  config_path = \"/etc/containerd/certs.d\"\n");
    Map<String, String> before = Trees.contents(target);

    List<String> apply =
        apply(
            source,
            target,
            config,
            "--file",
            "file-0=docker.io/hosts.toml",
            "--file",
            "file-1=ghcr.io/hosts.toml");
    JsonNode r = run(arch, apply, 0);
    assertEquals("/etc/containerd/certs.d", r.get("root").asText());
    assertEquals("/etc/containerd/certs.d", r.get("configPath").asText());
    assertEquals("replaced", r.get("files").get(0).get("action").asText());
    assertTrue(r.get("files").get(0).get("backup").asBoolean());
    assertEquals("created", r.get("files").get(1).get("action").asText());
    assertEquals("ghcr.io", r.get("dirs").get(0).get("path").asText());
    assertEquals("# airlock docker.io\n", Files.readString(target.resolve("docker.io/hosts.toml")));
    assertEquals(
        "# the site's own\n",
        Files.readString(target.resolve("docker.io/hosts.toml.airlock-backup")));
    assertEquals(Files.readString(dir.resolve("report")).trim(), Json.MAPPER.writeValueAsString(r));

    // Again: nothing to write, and the backup is still the site's file.
    JsonNode again = run(arch, apply, 0);
    assertEquals("unchanged", again.get("files").get(0).get("action").asText());
    assertEquals("unchanged", again.get("files").get(1).get("action").asText());
    assertEquals(
        "# the site's own\n",
        Files.readString(target.resolve("docker.io/hosts.toml.airlock-backup")));

    JsonNode restored =
        run(
            arch,
            List.of(
                "restore",
                "--target",
                target.toString(),
                "--host-path",
                "/etc/containerd/certs.d",
                "--report",
                dir.resolve("report").toString(),
                "--restore",
                "docker.io/hosts.toml",
                "--remove",
                "ghcr.io/hosts.toml="
                    + Digest.sha256("# airlock ghcr.io\n".getBytes(StandardCharsets.UTF_8)).hex(),
                "--dir",
                "ghcr.io"),
            0);
    assertEquals("restored", restored.get("files").get(0).get("action").asText());
    assertEquals("removed", restored.get("files").get(1).get("action").asText());
    assertEquals(before, Trees.contents(target));
  }

  @Test
  void aContainerdReadingAnotherDirectoryIsLeftAlone() throws Exception {
    Path source = Files.createDirectories(dir.resolve("cm"));
    Files.writeString(source.resolve("file-0"), "x");
    Path target = Files.createDirectories(dir.resolve("certs.d"));
    Path config = dir.resolve("config.toml");
    Files.writeString(config, "version = 2\n  config_path = '/var/lib/other'\n");
    Map<String, String> before = Trees.contents(target);
    JsonNode r =
        run("amd64", apply(source, target, config, "--file", "file-0=docker.io/hosts.toml"), 1);
    assertTrue(
        r.get("error").asText().contains("reads registry hosts from /var/lib/other"), r.toString());
    assertEquals(before, Trees.contents(target));
  }

  @Test
  void aFileIsNeverWrittenOutsideTheTarget() throws Exception {
    Command c =
        new Command(
            NodePrograms.command(
                "amd64",
                NodePrograms.nodecfg("amd64"),
                List.of("apply", "--host-path", "/x", "--file", "file-0=../etc/passwd")));
    assertEquals(2, c.exit);
    assertTrue(c.output.contains("not a relative path inside the target"), c.output);
  }

  /**
   * {@code apply} of the files in {@code source} into {@code target} (the node's certs.d), with
   * containerd's {@code config} and the report in the test's directory.
   */
  private List<String> apply(Path source, Path target, Path config, String... files) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "apply",
                "--source",
                source.toString(),
                "--target",
                target.toString(),
                "--host-path",
                "/etc/containerd/certs.d",
                "--containerd-config",
                config.toString(),
                "--report",
                dir.resolve("report").toString()));
    args.addAll(List.of(files));
    return args;
  }

  private JsonNode run(String arch, List<String> args, int expectedExit) throws Exception {
    List<String> cmd = new ArrayList<>(args);
    Command c = new Command(NodePrograms.command(arch, NodePrograms.nodecfg(arch), cmd));
    assertEquals(expectedExit, c.exit, c.output);
    String line = c.output.lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow();
    assertFalse(line.isBlank());
    return Json.MAPPER.readTree(line);
  }

  /** One run, output and error together. */
  private static final class Command {
    final int exit;
    final String output;

    Command(List<String> cmd) throws Exception {
      Process p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      exit = p.exitValue();
    }
  }
}
