package io.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.airlock.core.oci.Json;
import io.airlock.core.testing.Command;
import io.airlock.core.testing.Openssl;
import io.airlock.core.testing.RandomBytes;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code airlock verify}, {@code keygen} and {@code sign} as a user runs them: exit codes, what
 * goes to stdout and stderr, the JSON report, and a key pair made and used end to end (checked by
 * openssl). One test runs the real process, to see COSIGN_PASSWORD and System.exit at work.
 */
class VerifyCommandsTest {

  @TempDir static Path dir;
  static Path bundle;
  static Path pub;

  /** What one command line run left. */
  @BeforeAll
  static void signedBundle() throws Exception {
    bundle = RandomBytes.write(dir.resolve("airgap-bundle-1.2.3.tar"), 2_500_000, 1);
    String prefix = dir.resolve("vendor").toString();
    CliRun keygen =
        withStdin("s3cret\n", "keygen", "--output-key-prefix", prefix, "--password-stdin");
    assertEquals(0, keygen.exitCode(), keygen.err());
    pub = Path.of(prefix + ".pub");
    CliRun sign =
        withStdin(
            "s3cret\n", "sign", bundle.toString(), "--key", prefix + ".key", "--password-stdin");
    assertEquals(0, sign.exitCode(), sign.err());
    assertTrue(sign.out().startsWith("Signature written to " + bundle + ".sig\n"), sign.out());
  }

  @Test
  void validSignatureExitsZeroAndShowsTheFingerprint() throws Exception {
    CliRun r = CliRun.of("verify", bundle.toString(), "--key", pub.toString());
    assertEquals(0, r.exitCode(), r.err());
    String fingerprint =
        "sha256:"
            + java.util.HexFormat.of()
                .formatHex(
                    java.security.MessageDigest.getInstance("SHA-256")
                        .digest(Openssl.publicKeyDer(pub)));
    assertTrue(r.out().contains("Fingerprint  " + fingerprint + "\n"), r.out());
    assertTrue(r.out().contains("signature  passed  ECDSA P-256 with SHA-256"), r.out());
    assertTrue(r.out().endsWith("key " + fingerprint + ")\n"), r.out());
  }

  @Test
  void signatureGivenInlineVerifiesAsWithCosign() throws Exception {
    String b64 = Files.readString(Path.of(bundle + ".sig"));
    CliRun r = CliRun.of("verify", bundle.toString(), "--key", pub.toString(), "--signature", b64);
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("(base64 (given inline))"), r.out());
    CliRun typo =
        CliRun.of(
            "verify", bundle.toString(), "--key", pub.toString(), "--signature", "bundle.sgi");
    assertEquals(2, typo.exitCode());
    assertTrue(typo.err().startsWith("error: The signature file bundle.sgi does not exist."));
  }

  @Test
  void airlockSignatureVerifiesWithOpenssl() throws Exception {
    byte[] sig = Base64.getDecoder().decode(Files.readString(Path.of(bundle + ".sig")));
    assertTrue(Openssl.verify(false, pub, "sha256", bundle, sig));
  }

  @Test
  void invalidSignatureExitsOneWithOneClearMessage() throws Exception {
    Path copy = Files.copy(bundle, dir.resolve("tampered.tar"));
    Files.write(copy, new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);
    CliRun r =
        CliRun.of(
            "verify", copy.toString(), "--key", pub.toString(), "--signature", bundle + ".sig");
    assertEquals(1, r.exitCode());
    String error = r.err().substring(r.err().indexOf("error: "));
    assertTrue(
        error.startsWith("error: Signature check failed: " + bundle + ".sig does not verify "),
        r.err());
    assertEquals(2, error.lines().count(), "one message and one hint: " + error);
    assertTrue(r.err().contains("\n  what to do: Do not install it."), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
    assertTrue(r.out().endsWith("Verification FAILED.\n"), r.out());
  }

  @Test
  void unreadableInputExitsTwo() throws Exception {
    CliRun r = CliRun.of("verify", dir.resolve("nope.tar").toString(), "--key", pub.toString());
    assertEquals(2, r.exitCode());
    assertEquals(
        "error: The file to verify, "
            + dir.resolve("nope.tar")
            + ", does not exist.\n"
            + "  what to do: Check the path.\n",
        r.err());
  }

  @Test
  void unknownDigestAlgorithmIsAUsageError() throws Exception {
    CliRun r =
        CliRun.of(
            "verify",
            bundle.toString(),
            "--key",
            pub.toString(),
            "--signature-digest-algorithm",
            "md5");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().startsWith("error: Unknown --signature-digest-algorithm 'md5'."), r.err());
  }

  @Test
  void jsonReportHasTheStableShape() throws Exception {
    Path release = Files.createDirectories(dir.resolve("release"));
    Path copy = Files.copy(bundle, release.resolve(bundle.getFileName()));
    Files.copy(Path.of(bundle + ".sig"), Path.of(copy + ".sig"));
    Command.ok("bash", "-c", "cd '" + release + "' && sha512sum * > sums.txt");
    CliRun r =
        CliRun.of(
            "verify",
            copy.toString(),
            "--key",
            pub.toString(),
            "--checksums",
            release.resolve("sums.txt").toString(),
            "--json");
    assertEquals(0, r.exitCode(), r.err());
    assertEquals("", r.err(), "--json keeps stderr free of progress; no warning either");
    JsonNode report = Json.parse(r.out().getBytes(StandardCharsets.UTF_8));
    assertEquals("passed", report.path("verdict").asText());
    assertEquals(List.of("signature", "checksums"), strings(report.path("checked")));
    assertEquals(copy.toString(), report.path("subject").asText());
    assertEquals(2_500_000, report.path("subjectBytes").asLong());
    assertEquals("ECDSA P-256", report.path("keys").get(0).path("algorithm").asText());
    assertTrue(report.path("keys").get(0).path("fingerprint").asText().startsWith("sha256:"));
    JsonNode sig = report.path("signature");
    assertEquals("passed", sig.path("status").asText());
    assertEquals("base64", sig.path("format").asText());
    assertEquals("ECDSA P-256 with SHA-256", sig.path("scheme").asText());
    assertEquals(pub.toString(), sig.path("key").path("path").asText());
    JsonNode sums = report.path("checksums");
    assertEquals(2, sums.path("listed").asInt());
    assertEquals(2, sums.path("passed").asInt());
    assertTrue(report.path("contents").isNull());
    assertFalse(report.path("insecureSkipVerify").asBoolean());
  }

  @Test
  void insecureSkipVerifyWarnsAndIsRecorded() throws Exception {
    CliRun r = CliRun.of("verify", bundle.toString(), "--insecure-skip-verify", "--json");
    assertEquals(0, r.exitCode());
    assertTrue(r.err().startsWith("warning: Verification skipped on request: nothing"), r.err());
    JsonNode report = Json.parse(r.out().getBytes(StandardCharsets.UTF_8));
    assertEquals("skipped", report.path("verdict").asText());
    assertTrue(report.path("insecureSkipVerify").asBoolean());
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : List.of("verify", "keygen", "sign")) {
      CliRun r = CliRun.of(command, "--help");
      assertEquals(0, r.exitCode(), command);
      assertTrue(r.out().startsWith("Usage: airlock " + command), r.out());
    }
  }

  @Test
  void realProcessTakesThePasswordFromCosignPassword() throws Exception {
    String prefix = dir.resolve("env-key").toString();
    Map<String, String> env = Map.of("COSIGN_PASSWORD", "from-env");
    Command.Result keygen =
        java(env, "keygen", "--output-key-prefix", prefix, "--signing-algorithm", "ed25519");
    assertEquals(0, keygen.exitCode(), keygen.stderr());
    Path file = Files.writeString(dir.resolve("notes.txt"), "release notes\r\n");
    Command.Result sign = java(env, "sign", file.toString(), "--key", prefix + ".key");
    assertEquals(0, sign.exitCode(), sign.stderr());
    byte[] sig = Base64.getDecoder().decode(Files.readString(Path.of(file + ".sig")));
    assertTrue(Openssl.verify(true, Path.of(prefix + ".pub"), "", file, sig));

    assertEquals(0, java(Map.of(), "verify", file.toString(), "--key", prefix + ".pub").exitCode());
    Files.writeString(file, "release notes\n");
    Command.Result bad = java(Map.of(), "verify", file.toString(), "--key", prefix + ".pub");
    assertEquals(1, bad.exitCode(), bad.stderr());
    Command.Result wrong =
        java(Map.of("COSIGN_PASSWORD", "nope"), "sign", file.toString(), "--key", prefix + ".key");
    assertEquals(2, wrong.exitCode());
    assertTrue(
        wrong.stderr().startsWith("error: Wrong password for the private key " + prefix + ".key"),
        wrong.stderr());
  }

  // --- helpers -------------------------------------------------------------------------------

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  static CliRun withStdin(String stdin, String... args) {
    InputStream saved = System.in;
    System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    try {
      return CliRun.of(args);
    } finally {
      System.setIn(saved);
    }
  }

  private static Command.Result java(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Airlock.class.getName());
    command.addAll(List.of(args));
    return Command.run(command, env, Duration.ofMinutes(2));
  }
}
