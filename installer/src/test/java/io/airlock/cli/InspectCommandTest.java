package io.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.airlock.core.oci.Json;
import io.airlock.core.testing.Command;
import io.airlock.core.testing.SparseBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {

  @TempDir static Path dir;
  static Path sample;

  @BeforeAll
  static void makeSample() {
    sample = dir.resolve("sample");
    CliRun run =
        CliRun.of("sample-bundle", sample.toString(), "--images", "4", "--layer-mb", "0.05", "-q");
    assertEquals(0, run.exitCode(), run.toString());
    assertEquals(sample + "\n", run.out());
  }

  @Test
  void vendorTarGzWithOneTopDirectoryShowsTheVersion() {
    // As the vendor ships it: a tarball of airgap-bundle-VERSION/, made by the real tar.
    Path top = dir.resolve("vendor/airgap-bundle-1.2.3");
    CliRun.sampleBundle(top, "--images", "2");
    Path tarball = dir.resolve("airgap-bundle-1.2.3.tar.gz");
    Command.ok(
        "tar",
        "-C",
        top.getParent().toString(),
        "-czf",
        tarball.toString(),
        top.getFileName().toString());
    CliRun run =
        CliRun.of("inspect", tarball.toString(), "--work-dir", dir.resolve("work").toString());
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("Version  1.2.3"), run.out());
    assertTrue(run.out().contains("(k0rdent)"), run.out());
  }

  @Test
  void jsonHasTheDocumentedShape() throws Exception {
    CliRun run = CliRun.of("inspect", "--json", sample.toString());
    assertEquals(0, run.exitCode(), run.toString());
    JsonNode report = Json.parse(run.out().getBytes());
    assertEquals(List.of("bundle", "images", "charts", "warnings"), names(report));
    JsonNode bundle = report.get("bundle");
    assertEquals(sample.toString(), bundle.get("path").asText());
    assertEquals("k0rdent", bundle.get("format").asText());
    assertEquals("1.2.3", bundle.get("version").asText());
    assertTrue(bundle.get("sizeBytes").asLong() > 0);
    JsonNode image = report.get("images").get(0);
    for (String field : List.of("ref", "digest", "mediaType", "platforms", "sizeBytes", "source")) {
      assertTrue(image.has(field), field);
    }
    assertTrue(image.get("digest").asText().matches("sha256:[0-9a-f]{64}"));
    assertTrue(image.get("platforms").isArray());
    JsonNode chart = report.get("charts").get(0);
    for (String field : List.of("name", "version", "source", "digest")) {
      assertTrue(chart.has(field), field);
    }
  }

  @Test
  void humanOutputShowsVersionImagesChartsAndSharing() {
    CliRun run = CliRun.of("inspect", sample.toString());
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("Version  1.2.3"), run.out());
    assertTrue(run.out().contains("shared between images"), run.out());
    assertTrue(run.out().contains("docker.io/airlock-samples/controller:v1.0.0"), run.out());
    assertTrue(run.out().contains("linux/amd64,linux/arm64"), run.out());
    assertTrue(run.out().contains("k0rdent-enterprise  1.2.3"), run.out());
  }

  @Test
  void missingBundleIsExitTwoWithOneClearMessage() {
    CliRun run = CliRun.of("inspect", dir.resolve("missing.tar.gz").toString());
    assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
    assertEquals(
        "error: Bundle not found: "
            + dir.resolve("missing.tar.gz")
            + ".\n"
            + "  what to do: Check the path; 'airlock sample-bundle DIR' makes one to try Airlock"
            + " with.\n",
        run.err());
    assertEquals("", run.out());
  }

  @Test
  void usageErrorsAreExitTwo() {
    CliRun run = CliRun.of("inspect", "--no-such-option", sample.toString());
    assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
    assertTrue(run.err().startsWith("error: Unknown option: '--no-such-option'"), run.err());
    assertEquals(
        ExitCodes.BAD_INPUT,
        CliRun.of("sample-bundle", dir.resolve("x").toString(), "--format", "zip").exitCode());
    assertEquals(
        ExitCodes.BAD_INPUT,
        CliRun.of("sample-bundle", dir.resolve("y").toString(), "--images", "0").exitCode());
  }

  @Test
  void everyCommandHasHelpAndTheToolHasAVersion() {
    List<List<String>> commands = new ArrayList<>();
    collect(Airlock.commandLine(), new ArrayList<>(), commands);
    assertTrue(commands.size() >= 2, commands.toString());
    for (List<String> command : commands) {
      List<String> args = new ArrayList<>(command);
      args.add("--help");
      CliRun run = CliRun.of(args.toArray(String[]::new));
      assertEquals(0, run.exitCode(), args + " " + run);
      assertTrue(run.out().startsWith("Usage: airlock"), args + " " + run.out());
    }
    CliRun version = CliRun.of("--version");
    assertEquals(0, version.exitCode());
    assertTrue(version.out().startsWith("airlock 0."), version.out());
  }

  @Test
  void aTwentyGigabyteBundleIsIndexedWithA256MegabyteHeap() throws Exception {
    Path big = SparseBundle.write(dir.resolve("big.tar"), 20L << 30);
    Process p = AirlockProcess.start("inspect", "--json", big.toString());
    String out = new String(p.getInputStream().readAllBytes());
    String err = new String(p.getErrorStream().readAllBytes());
    assertEquals(0, p.waitFor(), err);
    JsonNode report = Json.parse(out.getBytes());
    assertTrue(report.get("bundle").get("sizeBytes").asLong() > 20L << 30);
    assertTrue(Files.size(big) > 20L << 30, "the file is 20 GB (sparse)");
  }

  private static void collect(
      picocli.CommandLine cl, List<String> path, List<List<String>> commands) {
    for (var e : cl.getSubcommands().entrySet()) {
      if (e.getKey().equals("help")) {
        continue;
      }
      List<String> next = new ArrayList<>(path);
      next.add(e.getKey());
      commands.add(next);
      collect(e.getValue(), next, commands);
    }
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
