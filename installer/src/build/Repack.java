import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites the app's jars for the installers (run by packaging's build.sh with the JDK's source
 * launcher), and the signed ones of the source build's lib directories (their poms):
 *
 * <ul>
 *   <li>entries stored, not deflated: the JVM reads a class without inflating it, and the package's
 *       xz compresses the whole much better than it compresses deflated data;
 *   <li>entries in name order, every time the commit's time (SOURCE_DATE_EPOCH): the same jars
 *       byte for byte from two builds;
 *   <li>jar signatures dropped, with the per-entry digests of the manifest: a signed jar is checked
 *       entry by entry as classes load, and the JDK asks no signature of a library or provider;
 *   <li>entries matching the DROP pattern left out (native libraries for other systems).
 * </ul>
 *
 * <p>The AOT cache also leaves out every class of a signed jar, and a start that loads one checks
 * the jar's signature first (Bouncy Castle's: about 0.2 s before the wizard's window).
 *
 * <p>Usage: {@code java Repack.java EPOCH_SECONDS DROP_REGEX OUT_DIR JAR...}, or {@code java
 * Repack.java --unsign DIR} for each signed jar in DIR, in place (the source build's).
 */
public final class Repack {

  private static final Pattern SIGNATURE =
      Pattern.compile("META-INF/[^/]+\\.(SF|DSA|RSA|EC)", Pattern.CASE_INSENSITIVE);

  /** The earliest time a zip entry holds: the source build's jars need none of their own. */
  private static final LocalDateTime DOS_EPOCH = LocalDateTime.of(1980, 1, 1, 0, 0);

  public static void main(String[] args) throws IOException {
    if (args.length == 2 && args[0].equals("--unsign")) {
      try (var jars = Files.newDirectoryStream(Path.of(args[1]), "*.jar")) {
        for (Path jar : jars) {
          if (isSigned(jar)) {
            repack(jar, jar, DOS_EPOCH, null);
          }
        }
      }
      return;
    }
    LocalDateTime time = LocalDateTime.ofEpochSecond(Long.parseLong(args[0]), 0, ZoneOffset.UTC);
    Pattern drop = args[1].isEmpty() ? null : Pattern.compile(args[1]);
    Path out = Path.of(args[2]);
    Files.createDirectories(out);
    for (int i = 3; i < args.length; i++) {
      Path jar = Path.of(args[i]);
      repack(jar, out.resolve(jar.getFileName()), time, drop);
    }
  }

  private static void repack(Path in, Path out, LocalDateTime time, Pattern drop)
      throws IOException {
    TreeMap<String, byte[]> entries = new TreeMap<>();
    boolean signed = false;
    try (ZipFile zip = new ZipFile(in.toFile())) {
      for (ZipEntry e : java.util.Collections.list(zip.entries())) {
        String name = e.getName();
        if (SIGNATURE.matcher(name).matches()) {
          signed = true;
          continue;
        }
        if (drop != null && drop.matcher(name).find()) {
          continue;
        }
        try (InputStream data = zip.getInputStream(e)) {
          entries.put(name, data.readAllBytes());
        }
      }
    }
    byte[] manifest = entries.get("META-INF/MANIFEST.MF");
    if (signed && manifest != null) {
      entries.put("META-INF/MANIFEST.MF", mainAttributesOnly(manifest));
    }
    // The manifest first, as JarInputStream expects; then everything in name order.
    List<String> names = new ArrayList<>();
    for (String first : List.of("META-INF/", "META-INF/MANIFEST.MF")) {
      if (entries.containsKey(first)) {
        names.add(first);
      }
    }
    for (String name : entries.keySet()) {
      if (!names.contains(name)) {
        names.add(name);
      }
    }
    Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
    try (OutputStream file = Files.newOutputStream(tmp);
        ZipOutputStream zip = new ZipOutputStream(file)) {
      zip.setMethod(ZipOutputStream.STORED);
      for (String name : names) {
        byte[] data = entries.get(name);
        ZipEntry e = new ZipEntry(name);
        e.setTimeLocal(time);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
      }
    }
    Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private static boolean isSigned(Path jar) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      return zip.stream().anyMatch(e -> SIGNATURE.matcher(e.getName()).matches());
    }
  }

  private static byte[] mainAttributesOnly(byte[] manifest) throws IOException {
    Manifest full = new Manifest(new java.io.ByteArrayInputStream(manifest));
    Manifest main = new Manifest();
    main.getMainAttributes().putAll(full.getMainAttributes());
    if (main.getMainAttributes().getValue(Attributes.Name.MANIFEST_VERSION) == null) {
      main.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    main.write(bytes);
    return bytes.toByteArray();
  }
}
