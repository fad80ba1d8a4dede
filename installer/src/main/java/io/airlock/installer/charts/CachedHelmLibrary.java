package io.airlock.installer.charts;

import com.marcnuri.helm.jni.HelmLib;
import com.marcnuri.helm.jni.NativeLibrary;
import com.sun.jna.Native;
import io.airlock.core.UserDirs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

/**
 * Helm's native library (about 100 MB of Go code in helm-java's platform jar) unpacked once into
 * the user's cache directory and loaded from there, instead of into a new temporary directory on
 * every run as helm-java does by default: a second install or uninstall starts Helm without writing
 * 100 MB first. The file is named by the jar entry's CRC and size, so another helm-java version
 * unpacks beside it, and a half-written file (a run killed while unpacking) is never loaded: it is
 * written under a temporary name, checked and renamed.
 *
 * <p>Registered as a {@link NativeLibrary} service; the installer's jar comes before helm-java's on
 * every class path Airlock builds, so helm-java finds this one first (a unit test checks).
 */
public final class CachedHelmLibrary implements NativeLibrary {

  private final NativeLibrary platform;

  public CachedHelmLibrary() {
    this(platformLibrary());
  }

  CachedHelmLibrary(NativeLibrary platform) {
    this.platform = platform;
  }

  @Override
  public String getBinaryName() {
    return platform.getBinaryName();
  }

  @Override
  public HelmLib load() {
    Path jar = jarOf(platform);
    if (jar == null) {
      return platform.load(); // not from a jar (an IDE's class directory): helm-java's own way
    }
    try {
      Path file = unpacked(jar, getBinaryName(), cacheDir());
      return Native.load(file.toString(), HelmLib.class);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot unpack Helm's native library into " + cacheDir() + ": " + e.getMessage(), e);
    }
  }

  /** Where the unpacked libraries live: {@code ~/.cache/airlock/helm}. */
  static Path cacheDir() {
    return UserDirs.current().cache("airlock", "helm");
  }

  /**
   * The library {@code name} of {@code jar}, unpacked into {@code dir} unless it is there already.
   */
  static Path unpacked(Path jar, String name, Path dir) throws IOException {
    try (JarFile j = new JarFile(jar.toFile())) {
      ZipEntry entry = j.getEntry(name);
      if (entry == null || entry.getSize() < 0 || entry.getCrc() < 0) {
        throw new IOException(jar + " has no " + name);
      }
      String id = HexFormat.of().toHexDigits((int) entry.getCrc()) + "-" + entry.getSize();
      Path file = dir.resolve(id).resolve(name);
      if (Files.isRegularFile(file) && Files.size(file) == entry.getSize()) {
        return file;
      }
      Files.createDirectories(file.getParent());
      Path temp = Files.createTempFile(file.getParent(), name, ".partial");
      try {
        CRC32 crc = new CRC32();
        try (InputStream in = j.getInputStream(entry);
            var out = Files.newOutputStream(temp)) {
          byte[] buffer = new byte[1 << 16];
          for (int n; (n = in.read(buffer)) > 0; ) {
            crc.update(buffer, 0, n);
            out.write(buffer, 0, n);
          }
        }
        if (crc.getValue() != entry.getCrc()) {
          throw new IOException(name + " in " + jar + " does not match its checksum");
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temp);
      }
      return file;
    }
  }

  static Path jarOf(NativeLibrary library) {
    try {
      var source = library.getClass().getProtectionDomain().getCodeSource();
      Path p = source == null ? null : Path.of(source.getLocation().toURI());
      return p != null && Files.isRegularFile(p) ? p : null;
    } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
      return null;
    }
  }

  /** helm-java's own provider for this platform, the one Airlock's build ships. */
  static NativeLibrary platformLibrary() {
    // By type first: instantiating this class here would look for the platform's again.
    return ServiceLoader.load(NativeLibrary.class, CachedHelmLibrary.class.getClassLoader())
        .stream()
        .filter(p -> p.type() != CachedHelmLibrary.class)
        .findFirst()
        .map(ServiceLoader.Provider::get)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "helm-java's native library for this platform is missing"));
  }
}
