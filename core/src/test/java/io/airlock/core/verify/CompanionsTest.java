package io.airlock.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompanionsTest {

  @TempDir Path dir;

  @Test
  void findsTheSignatureBundleAndOwnChecksumBesideTheFile() throws IOException {
    Path bundle = Files.writeString(dir.resolve("product.tar"), "x");
    Path sig = Files.writeString(dir.resolve("product.tar.sig"), "s");
    Path sigstore = Files.writeString(dir.resolve("product.tar.sigstore.json"), "{}");
    Path own = Files.writeString(dir.resolve("product.tar.sha256"), "a  product.tar\n");
    Files.writeString(dir.resolve("SHA256SUMS"), "b  product.tar\n");
    assertEquals(new Companions(sig, sigstore, own), Companions.find(bundle));
  }

  @Test
  void takesASharedListOnlyWhenItNamesTheFile() throws IOException {
    Path bundle = Files.writeString(dir.resolve("product.tar"), "x");
    Files.writeString(dir.resolve("SHA256SUMS"), "aa  other.tar\n");
    Path named = Files.writeString(dir.resolve("checksums.txt"), "bb *product.tar\n");
    assertEquals(new Companions(null, null, named), Companions.find(bundle));
  }

  @Test
  void aDirectoryBundleHasNoCompanions() throws IOException {
    Path bundleDir = Files.createDirectories(dir.resolve("bundle"));
    Files.writeString(dir.resolve("bundle.sig"), "s");
    Companions c = Companions.find(bundleDir);
    assertNull(c.signature());
    assertNull(c.checksums());
  }
}
