package io.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.testing.Command;
import io.airlock.core.testing.RandomBytes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vendor keys built into an installation (the launchers' -Dairlock.trustDir): {@code airlock
 * verify} without --key checks the signature with them and says so; --key still wins; without them
 * nothing changes. Keys and signature made by openssl, as cosign sign-blob would.
 */
class TrustAnchorsTest {

  @TempDir static Path dir;
  static Path bundle;
  static Path anchors;
  static Path strangers;

  @BeforeAll
  static void signedBundle() throws Exception {
    bundle = RandomBytes.write(dir.resolve("bundle.tar"), 300_000, 7);
    anchors = Files.createDirectories(dir.resolve("trust"));
    strangers = Files.createDirectories(dir.resolve("other"));
    Path key = keyPair("vendor", anchors);
    keyPair("stranger", strangers);
    Command.ok(
        "sh",
        "-c",
        "openssl dgst -sha256 -sign '"
            + key
            + "' '"
            + bundle
            + "' | base64 -w0 > '"
            + bundle
            + ".sig'");
  }

  private static Path keyPair(String name, Path pubDir) {
    Path key = dir.resolve(name + ".key");
    Command.ok(
        "openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key.toString());
    Command.ok(
        "openssl",
        "ec",
        "-in",
        key.toString(),
        "-pubout",
        "-out",
        pubDir.resolve(name + ".pub").toString());
    return key;
  }

  @AfterEach
  void forget() {
    System.clearProperty(TrustAnchors.PROPERTY);
  }

  @Test
  void verifyWithoutKeyUsesTheBuiltInKeysAndSaysSo() {
    System.setProperty(TrustAnchors.PROPERTY, anchors.toString());
    CliRun r = CliRun.of("verify", bundle.toString());
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(
        r.err().startsWith("Using the vendor key built into this installation (1 in " + anchors),
        r.err());
    assertTrue(r.out().contains("signature  passed"), r.out());
  }

  @Test
  void aSignatureNoBuiltInKeyMadeFails() {
    System.setProperty(TrustAnchors.PROPERTY, strangers.toString());
    CliRun r = CliRun.of("verify", bundle.toString());
    assertEquals(ExitCodes.CHECK_FAILED, r.exitCode(), r.toString());
    assertTrue(r.err().contains("built into this installation"), r.err());
  }

  @Test
  void keyGivenWinsOverTheBuiltInKeys() {
    System.setProperty(TrustAnchors.PROPERTY, strangers.toString());
    CliRun r =
        CliRun.of("verify", bundle.toString(), "--key", anchors.resolve("vendor.pub").toString());
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(!r.err().contains("built into"), r.err());
  }

  @Test
  void withoutBuiltInKeysNothingChanges() {
    CliRun r = CliRun.of("verify", bundle.toString());
    assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.toString());
    assertTrue(r.err().contains("Nothing to verify"), r.err());
    System.setProperty(TrustAnchors.PROPERTY, dir.resolve("no-such-dir").toString());
    assertEquals(ExitCodes.BAD_INPUT, CliRun.of("verify", bundle.toString()).exitCode());
  }

  @Test
  void checksumsAloneDoNotAskForASignature() throws Exception {
    System.setProperty(TrustAnchors.PROPERTY, anchors.toString());
    Path other = Files.write(dir.resolve("unsigned.bin"), new byte[] {1, 2, 3});
    Path sums = dir.resolve("SHA256SUMS");
    Command.ok("sh", "-c", "cd '" + dir + "' && sha256sum unsigned.bin > SHA256SUMS");
    CliRun r = CliRun.of("verify", other.toString(), "--checksums", sums.toString());
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(!r.err().contains("built into"), r.err());
  }
}
