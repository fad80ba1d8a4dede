package io.airlock.installer.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.Deflater;
import org.vafer.jdependency.Clazz;
import org.vafer.jdependency.Clazzpath;
import org.vafer.jdependency.ClazzpathUnit;

/**
 * Copies of large libraries holding only the classes the rest of an image can reach. The registry
 * image's Bouncy Castle jars (10 MB compressed, most of it providers and post-quantum algorithms)
 * travel to the cluster in the seed payload, through ConfigMaps, while serving uses bcrypt and PEM
 * parsing only.
 *
 * <p>Reachable means named by a class outside the trimmed jars, directly or through other reachable
 * classes (jdependency reads the class files, as maven-shade's minimizeJar does). That is safe for
 * code called by name; a class a library loads by reflection alone would be dropped, which is why
 * only libraries whose used parts are called directly are trimmed (Bouncy Castle's lightweight API,
 * not its JCA provider, which Airlock never registers). The copies are not multi-release and not
 * signed: versioned and signature entries go, with the module descriptor.
 */
final class JarTrimmer {

  /** A fixed time for every entry, so that the same input gives the same bytes. */
  private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

  private JarTrimmer() {}

  /** One trimmed jar: where it is and how many classes it kept of how many. */
  record Trimmed(Path jar, int keptClasses, int allClasses) {}

  /**
   * Writes into {@code outDir} a copy of each jar {@code trim} accepts, with only the classes
   * reachable from the other jars and from {@code rootClasses} (a classes directory, where the
   * classes whose relative path passes {@code rootFilter} count).
   *
   * @return the class path of the image: the other jars unchanged, the trimmed ones replaced
   */
  static List<Path> trim(
      List<Path> jars,
      Predicate<Path> trim,
      Path rootClasses,
      Predicate<String> rootFilter,
      Path outDir,
      List<Trimmed> report)
      throws IOException {
    Clazzpath classpath = new Clazzpath();
    List<ClazzpathUnit> roots = new ArrayList<>();
    List<Path> trimmed = new ArrayList<>();
    for (Path jar : jars) {
      ClazzpathUnit unit = classpath.addClazzpathUnit(jar, jar.toString());
      if (trim.test(jar)) {
        trimmed.add(jar);
      } else {
        roots.add(unit);
      }
    }
    ClazzpathUnit own = classpath.addClazzpathUnit(rootClasses, rootClasses.toString());
    Set<String> reachable = new HashSet<>();
    for (ClazzpathUnit unit : roots) {
      addWithDependencies(unit.getClazzes(), reachable);
    }
    List<Clazz> ownRoots = new ArrayList<>();
    for (Clazz c : own.getClazzes()) {
      if (rootFilter.test(c.getName().replace('.', '/') + ".class")) {
        ownRoots.add(c);
      }
    }
    addWithDependencies(ownRoots, reachable);

    Files.createDirectories(outDir);
    List<Path> result = new ArrayList<>();
    for (Path jar : jars) {
      if (!trimmed.contains(jar)) {
        result.add(jar);
        continue;
      }
      Path out = outDir.resolve(jar.getFileName());
      report.add(copyReachable(jar, out, reachable));
      result.add(out);
    }
    return result;
  }

  /** Adds the classes and everything they name, directly or not. */
  private static void addWithDependencies(Collection<Clazz> classes, Set<String> reachable) {
    Deque<Clazz> pending = new ArrayDeque<>();
    for (Clazz c : classes) {
      // module-info is one name shared by every jar: its "provides" would keep Bouncy Castle's
      // provider, which nothing else names.
      if (!c.getName().equals("module-info") && reachable.add(c.getName())) {
        pending.add(c);
      }
    }
    while (!pending.isEmpty()) {
      for (Clazz d : pending.poll().getDependencies()) {
        if (reachable.add(d.getName())) {
          pending.add(d);
        }
      }
    }
  }

  private static Trimmed copyReachable(Path jar, Path out, Set<String> reachable)
      throws IOException {
    Path temp = out.resolveSibling(out.getFileName() + ".partial");
    int kept = 0;
    int all = 0;
    try (JarFile in = new JarFile(jar.toFile(), false);
        OutputStream file = Files.newOutputStream(temp);
        JarOutputStream zip = new JarOutputStream(file)) {
      zip.setLevel(Deflater.BEST_COMPRESSION);
      // Written here rather than by JarOutputStream's constructor, which stamps it with the time.
      JarEntry manifest = new JarEntry(JarFile.MANIFEST_NAME);
      manifest.setTimeLocal(ENTRY_TIME);
      zip.putNextEntry(manifest);
      manifest().write(zip);
      zip.closeEntry();
      List<JarEntry> entries = Collections.list(in.entries());
      entries.sort((a, b) -> a.getName().compareTo(b.getName()));
      for (JarEntry e : entries) {
        String name = e.getName();
        if (e.isDirectory() || name.startsWith("META-INF/") || name.endsWith("module-info.class")) {
          continue;
        }
        if (name.endsWith(".class")) {
          all++;
          if (!reachable.contains(name.substring(0, name.length() - 6).replace('/', '.'))) {
            continue;
          }
          kept++;
        }
        JarEntry copy = new JarEntry(name);
        copy.setTimeLocal(ENTRY_TIME);
        zip.putNextEntry(copy);
        try (InputStream body = in.getInputStream(e)) {
          body.transferTo(zip);
        }
        zip.closeEntry();
      }
    }
    Files.move(temp, out, StandardCopyOption.REPLACE_EXISTING);
    return new Trimmed(out, kept, all);
  }

  private static Manifest manifest() {
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().putValue("Created-By", "Airlock's registry image build (trimmed copy)");
    return m;
  }
}
