package io.airlock.installer.build;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The layers of Airlock's registry image, from the least to the most often changed: the system
 * libraries the Java runtime links against, the jlinked runtime, the libraries {@code airlock
 * serve} uses, and Airlock's own classes. Every file belongs to root and is read-only (executables
 * 0555, the rest 0444): the registry runs as an unprivileged user on a read-only root.
 */
final class RegistryImageLayers {

  static final String HOME = "/opt/airlock";
  static final String JRE = HOME + "/jre";
  static final String LIB = HOME + "/lib";
  static final String CLASSES = HOME + "/classes";

  private RegistryImageLayers() {}

  /** Everything under {@code rootfs} but the runtime: the loader, libc, libm, libstdc++, zlib. */
  static FileEntriesLayer system(Path rootfs) throws IOException {
    FileEntriesLayer.Builder b = FileEntriesLayer.builder().setName("system-libraries");
    try (Stream<Path> files = Files.walk(rootfs)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        String path = "/" + rootfs.relativize(f).toString().replace('\\', '/');
        if (!path.startsWith(JRE + "/")) {
          add(b, f, path);
        }
      }
    }
    return b.build();
  }

  /** The jlinked Java runtime. */
  static FileEntriesLayer runtime(Path rootfs) throws IOException {
    FileEntriesLayer.Builder b = FileEntriesLayer.builder().setName("java-runtime");
    Path jre = rootfs.resolve(JRE.substring(1));
    try (Stream<Path> files = Files.walk(jre)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        add(b, f, JRE + "/" + jre.relativize(f).toString().replace('\\', '/'));
      }
    }
    return b.build();
  }

  /** The jars serving loads, by file name. */
  static FileEntriesLayer libraries(List<Path> jars) {
    FileEntriesLayer.Builder b = FileEntriesLayer.builder().setName("libraries");
    for (Path jar : jars.stream().sorted().toList()) {
      b.addEntry(
          jar,
          AbsoluteUnixPath.get(LIB + "/" + jar.getFileName()),
          FilePermissions.fromOctalString("444"),
          FileEntriesLayer.DEFAULT_MODIFICATION_TIME,
          "0:0");
    }
    return b.build();
  }

  /** Airlock's classes that serving loads, under their package paths. */
  static FileEntriesLayer classes(Path classesDir, List<String> included) throws IOException {
    FileEntriesLayer.Builder b = FileEntriesLayer.builder().setName("airlock-classes");
    try (Stream<Path> files = Files.walk(classesDir)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        String rel = classesDir.relativize(f).toString().replace('\\', '/');
        if (included.stream().anyMatch(rel::startsWith)) {
          b.addEntry(
              f,
              AbsoluteUnixPath.get(CLASSES + "/" + rel),
              FilePermissions.fromOctalString("444"),
              FileEntriesLayer.DEFAULT_MODIFICATION_TIME,
              "0:0");
        }
      }
    }
    return b.build();
  }

  private static void add(FileEntriesLayer.Builder b, Path file, String path) throws IOException {
    Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
    boolean executable = p.contains(PosixFilePermission.OWNER_EXECUTE);
    b.addEntry(
        file,
        AbsoluteUnixPath.get(path),
        FilePermissions.fromOctalString(executable ? "555" : "444"),
        FileEntriesLayer.DEFAULT_MODIFICATION_TIME,
        "0:0");
  }
}
