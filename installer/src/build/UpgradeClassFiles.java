import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites, in each jar of a directory, the class files older than Java 6 (major version below 50)
 * as Java 8 class files with stack maps, the same code otherwise. Run by aot-cache.sh with the JDK
 * 25 that trains the AOT cache, before the training (this needs the JDK's ClassFile API, 24+).
 *
 * <p>Why: the AOT cache keeps such old classes out of its ahead-of-time linked set, so each start
 * loads and verifies them from the jar with the old, slow type-inferring verifier. Picocli is built
 * for Java 5: its 228 classes cost every command about 60 ms before its options are parsed. Each
 * rewritten class is checked with the ClassFile API's verifier; a jar with any class that fails
 * stays as it was. Entries, their order and their times are kept; a jar without old classes is not
 * touched, so a second run changes nothing.
 *
 * <p>Usage: {@code java UpgradeClassFiles.java DIR} (packaging's build.sh: on the jars it packs)
 */
public final class UpgradeClassFiles {

  private static final int JAVA_6 = 50;
  private static final int JAVA_8 = 52;

  public static void main(String[] args) throws IOException {
    try (var jars = Files.newDirectoryStream(Path.of(args[0]), "*.jar")) {
      for (Path jar : jars) {
        int upgraded = upgrade(jar);
        if (upgraded > 0) {
          System.out.println(
              "[aot] "
                  + jar.getFileName()
                  + ": "
                  + upgraded
                  + " class files older than Java 6 rewritten for Java 8");
        }
      }
    }
  }

  /** Rewrites the jar in place when it holds old classes; returns how many were rewritten. */
  private static int upgrade(Path jar) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      if (zip.stream().noneMatch(e -> isOldClass(zip, e))) {
        return 0;
      }
    }
    try (ZipFile zip = new ZipFile(jar.toFile());
        URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      // Stack maps need the common super class of two types: from the jar itself, else the JDK's.
      ClassFile classFile =
          ClassFile.of(
              ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
              ClassFile.ClassHierarchyResolverOption.of(
                  ClassHierarchyResolver.ofResourceParsing(loader)
                      .orElse(ClassHierarchyResolver.defaultResolver())));
      List<ZipEntry> entries = new ArrayList<>();
      List<byte[]> contents = new ArrayList<>();
      int upgraded = 0;
      for (ZipEntry entry : zip.stream().toList()) {
        byte[] bytes;
        try (var in = zip.getInputStream(entry)) {
          bytes = in.readAllBytes();
        }
        if (entry.getName().endsWith(".class") && majorVersion(bytes) < JAVA_6) {
          String failure;
          try {
            bytes = rewritten(classFile, bytes);
            failure =
                classFile.verify(bytes).stream().findFirst().map(Object::toString).orElse(null);
          } catch (IllegalArgumentException e) { // a type it refers to is nowhere to be found
            failure = e.getMessage();
          }
          if (failure != null) {
            System.out.println(
                "[aot] "
                    + jar.getFileName()
                    + " left as it is ("
                    + entry.getName()
                    + ": "
                    + failure
                    + ")");
            return 0;
          }
          upgraded++;
        }
        entries.add(entry);
        contents.add(bytes);
      }
      if (upgraded > 0) {
        write(jar, entries, contents);
      }
      return upgraded;
    }
  }

  private static boolean isOldClass(ZipFile zip, ZipEntry entry) {
    if (!entry.getName().endsWith(".class")) {
      return false;
    }
    try (var in = zip.getInputStream(entry)) {
      return majorVersion(in.readNBytes(8)) < JAVA_6;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int majorVersion(byte[] classFile) {
    return classFile.length < 8
        ? Integer.MAX_VALUE
        : ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
  }

  /** The same class as version 52; passing each method body through makes new stack maps. */
  private static byte[] rewritten(ClassFile classFile, byte[] bytes) {
    ClassModel model = classFile.parse(bytes);
    ClassTransform version =
        (builder, element) -> {
          if (element instanceof ClassFileVersion) {
            builder.withVersion(JAVA_8, 0);
          } else {
            builder.with(element);
          }
        };
    return classFile.transformClass(
        model, ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL).andThen(version));
  }

  private static void write(Path jar, List<ZipEntry> entries, List<byte[]> contents)
      throws IOException {
    Path temp = jar.resolveSibling(jar.getFileName() + ".tmp");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(temp))) {
      for (int i = 0; i < entries.size(); i++) {
        ZipEntry entry = entries.get(i);
        ZipEntry copy = new ZipEntry(entry.getName());
        copy.setTime(entry.getTime());
        if (entry.getMethod() == ZipEntry.STORED) {
          CRC32 crc = new CRC32();
          crc.update(contents.get(i));
          copy.setMethod(ZipEntry.STORED);
          copy.setSize(contents.get(i).length);
          copy.setCompressedSize(contents.get(i).length);
          copy.setCrc(crc.getValue());
        }
        out.putNextEntry(copy);
        out.write(contents.get(i));
        out.closeEntry();
      }
    }
    Files.move(temp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
