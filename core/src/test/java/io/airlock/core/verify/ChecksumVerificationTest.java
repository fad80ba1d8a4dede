package io.airlock.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.testing.Command;
import io.airlock.core.testing.Openssl;
import io.airlock.core.verify.VerificationReport.Mismatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checksum files made by the real sha256sum and sha512sum (text, binary and --tag forms), as seed
 * 004 makes them: {@code sha512sum * > checksums.txt}.
 */
class ChecksumVerificationTest {

  @TempDir Path dir;

  @BeforeEach
  void assets() throws Exception {
    Random random = new Random(11);
    for (String name : List.of("metal-amd64.raw.xz", "initramfs-amd64.xz", "image cache.oci")) {
      byte[] b = new byte[50_000 + random.nextInt(2_000_000)];
      random.nextBytes(b);
      Files.write(dir.resolve(name), b);
    }
    Files.write(dir.resolve("empty"), new byte[0]);
  }

  @Test
  void sha512sumListOfEveryFileVerifies() throws Exception {
    Path sums = shell("sha512sum * > checksums.txt");
    VerificationReport r = verifySums(sums);
    assertTrue(r.passed(), r.summary());
    assertEquals(4, r.checksums().listed());
    assertEquals(4, r.checksums().passed());
    assertEquals(List.of(), r.checksums().extra());
    assertEquals("Verified OK: 4 of 4 checksums", r.summary());
  }

  @Test
  void sha256sumBinaryModeAndTagFormVerify() throws Exception {
    shell("sha256sum -b * > sums256.txt");
    shell("sha512sum --tag metal-amd64.raw.xz empty > tagged.txt");
    assertTrue(verifySums(dir.resolve("sums256.txt")).passed());
    VerificationReport tagged = verifySums(dir.resolve("tagged.txt"));
    assertTrue(tagged.passed(), tagged.summary());
    assertEquals(
        List.of("image cache.oci", "initramfs-amd64.xz", "sums256.txt"),
        tagged.checksums().extra());
  }

  @Test
  void windowsLineEndsInTheChecksumFileAreTolerated() throws Exception {
    Path sums = shell("sha256sum * > sums.txt");
    Files.writeString(sums, Files.readString(sums).replace("\n", "\r\n"));
    assertTrue(verifySums(sums).passed());
  }

  @Test
  void mismatchingMissingAndExtraFilesAreAllListed() throws Exception {
    Path sums = shell("sha512sum * > checksums.txt");
    byte[] b = Files.readAllBytes(dir.resolve("initramfs-amd64.xz"));
    b[1000] ^= 1;
    Files.write(dir.resolve("initramfs-amd64.xz"), b);
    Files.delete(dir.resolve("empty"));
    Files.writeString(dir.resolve("install.sh"), "echo hi\n");
    VerificationReport r = verifySums(sums);
    assertEquals(VerificationReport.FAILED, r.verdict());
    assertEquals(List.of("empty"), r.checksums().missing());
    assertEquals(List.of("install.sh"), r.checksums().extra());
    List<Mismatch> mismatched = r.checksums().mismatched();
    assertEquals(1, mismatched.size());
    Mismatch m = mismatched.get(0);
    assertEquals("initramfs-amd64.xz", m.name());
    assertEquals("sha512", m.algorithm());
    assertEquals(
        "Checksum check failed against "
            + sums
            + ": 1 file does not match (initramfs-amd64.xz at line "
            + m.line()
            + ": sha512 "
            + m.actual().substring(0, 16)
            + "..., expected "
            + m.expected().substring(0, 16)
            + "...); 1 listed file is missing (empty).",
        r.checksums().message());
    assertEquals(r.checksums().message(), r.failure().orElseThrow().getMessage());
  }

  @Test
  void signedChecksumFileAndItsListAreCheckedInOneRun() throws Exception {
    Path sums = shell("sha512sum * > checksums.txt");
    Openssl.KeyPair key = Openssl.generate(Openssl.Kind.P256, Files.createTempDirectory("k"));
    Files.writeString(
        dir.resolve("checksums.txt.sig"),
        Base64.getEncoder().encodeToString(Openssl.sign(key, "sha256", sums)));
    VerificationReport r =
        Verifications.run(
            VerificationRequest.builder().subject(sums).keys(key.publicKey()).checksums(sums));
    assertTrue(r.passed(), r.summary());
    assertEquals(List.of("signature", "checksums"), r.checked());
    assertEquals(List.of(), r.checksums().extra(), "the .sig of the list is not an extra file");
  }

  @Test
  void signedFileListedInTheChecksumsSharesOnePass() throws Exception {
    Path sums = shell("sha256sum metal-amd64.raw.xz > sums.txt");
    Path file = dir.resolve("metal-amd64.raw.xz");
    Openssl.KeyPair key = Openssl.generate(Openssl.Kind.P384, Files.createTempDirectory("k"));
    Files.writeString(
        dir.resolve("metal-amd64.raw.xz.sig"),
        Base64.getEncoder().encodeToString(Openssl.sign(key, "sha384", file)));
    List<Long> passesOverFile = new java.util.ArrayList<>();
    VerificationReport r =
        new Verification(
                e -> {
                  if (e instanceof io.airlock.core.progress.StepProgress p
                      && p.item().equals("metal-amd64.raw.xz")
                      && p.doneBytes() == 0) {
                    passesOverFile.add(p.totalBytes());
                  }
                })
            .run(
                VerificationRequest.builder()
                    .subject(file)
                    .keys(key.publicKey())
                    .checksums(sums)
                    .build());
    assertTrue(r.passed(), r.summary());
    assertEquals(1, passesOverFile.size(), "the signed file must be read exactly once");
    assertEquals("ECDSA P-384 with SHA-384", r.signature().scheme());
  }

  private VerificationReport verifySums(Path sums) throws Exception {
    return Verifications.run(VerificationRequest.builder().checksums(sums));
  }

  private Path shell(String script) {
    Command.ok("bash", "-c", "cd '" + dir + "' && " + script);
    String out = script.substring(script.indexOf('>') + 1).trim();
    return dir.resolve(out);
  }
}
