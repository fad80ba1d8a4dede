package io.airlock.installer.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.jni.NativeLibrary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachedHelmLibraryTest {

  @TempDir Path cache;

  @Test
  void helmJavaFindsAirlocksProviderFirst() {
    assertInstanceOf(CachedHelmLibrary.class, NativeLibrary.getInstance());
  }

  @Test
  void theLibraryIsUnpackedOnceAndAHalfWrittenOneReplaced() throws Exception {
    NativeLibrary platform = CachedHelmLibrary.platformLibrary();
    Path jar = CachedHelmLibrary.jarOf(platform);
    assertNotNull(jar, "helm-java's platform jar");
    String name = platform.getBinaryName();
    long size;
    try (JarFile j = new JarFile(jar.toFile())) {
      size = j.getEntry(name).getSize();
    }

    Path first = CachedHelmLibrary.unpacked(jar, name, cache);
    assertEquals(size, Files.size(first));
    FileTime old = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(first, old);
    Path again = CachedHelmLibrary.unpacked(jar, name, cache);
    assertEquals(first, again);
    assertEquals(old, Files.getLastModifiedTime(again), "not written a second time");

    // A run killed while copying leaves at most a short file: it is written again, whole.
    Files.write(first, new byte[] {1, 2, 3});
    Path repaired = CachedHelmLibrary.unpacked(jar, name, cache);
    assertEquals(size, Files.size(repaired));
    try (var left = Files.list(repaired.getParent())) {
      assertTrue(left.allMatch(p -> p.equals(repaired)), "no temporary file left");
    }
  }
}
