package io.airlock.installer.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.registry.Htpasswd;
import io.airlock.core.testing.Command;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry image's trimmed Bouncy Castle, made from the real jar with Airlock's core as the
 * code that calls it: what is kept still runs on its own, what nothing names is gone, and the same
 * input gives the same bytes.
 */
class JarTrimmerTest {

  @TempDir Path dir;

  @Test
  void keepsWhatTheRestNamesAndItStillRunsAlone() throws Exception {
    Path bcprov = jarOf(OpenBSDBCrypt.class);
    Path core = jarOf(Htpasswd.class);
    Path noClasses = Files.createDirectories(dir.resolve("classes"));
    List<JarTrimmer.Trimmed> report = new ArrayList<>();
    List<Path> classpath =
        JarTrimmer.trim(
            List.of(core, bcprov),
            bcprov::equals,
            noClasses,
            rel -> false,
            dir.resolve("a"),
            report);

    Path trimmed = dir.resolve("a").resolve(bcprov.getFileName());
    assertEquals(List.of(core, trimmed), classpath);
    assertEquals(1, report.size());
    assertTrue(
        report.get(0).keptClasses() < report.get(0).allClasses() / 2,
        "kept " + report.get(0).keptClasses() + " of " + report.get(0).allClasses());
    try (JarFile jar = new JarFile(trimmed.toFile())) {
      assertNotNull(jar.getEntry("org/bouncycastle/crypto/generators/OpenBSDBCrypt.class"));
      // The JCA provider: named by no class of core's, only by bcprov's module descriptor.
      assertNull(jar.getEntry("org/bouncycastle/jce/provider/BouncyCastleProvider.class"));
      assertFalse(
          jar.stream().anyMatch(e -> e.getName().startsWith("META-INF/versions/")),
          "no multi-release entries");
      assertFalse(
          jar.stream().anyMatch(e -> e.getName().endsWith(".SF") || e.getName().endsWith(".RSA")),
          "no signature");
    }

    // The kept classes are enough to check a password htpasswd hashed, with nothing else of
    // Bouncy Castle's on the class path.
    String line = Command.ok("htpasswd", "-nbB", "-C", "4", "pusher", "pw-123456").out().strip();
    String hash = line.substring(line.indexOf(':') + 1);
    try (URLClassLoader alone =
        new URLClassLoader(
            new URL[] {trimmed.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      Class<?> bcrypt = alone.loadClass("org.bouncycastle.crypto.generators.OpenBSDBCrypt");
      var check = bcrypt.getMethod("checkPassword", String.class, char[].class);
      assertEquals(true, check.invoke(null, hash, "pw-123456".toCharArray()));
      assertEquals(false, check.invoke(null, hash, "wrong".toCharArray()));
    }

    JarTrimmer.trim(
        List.of(core, bcprov), bcprov::equals, noClasses, rel -> false, dir.resolve("b"), report);
    assertArrayEquals(
        Files.readAllBytes(trimmed),
        Files.readAllBytes(dir.resolve("b").resolve(bcprov.getFileName())),
        "two trims of the same input differ");
  }

  private static Path jarOf(Class<?> c) throws Exception {
    Path p = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertTrue(p.toString().endsWith(".jar"), p + " is not a jar");
    return p;
  }
}
