package io.airlock.installer.build;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Platform;
import io.airlock.core.digest.DigestAlgorithm;
import io.airlock.core.digest.Hashing;
import io.airlock.core.oci.Json;
import io.airlock.installer.seed.SeedImages;
import io.airlock.node.NodeImages;
import io.airlock.node.build.LayoutAssembler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Build step (Maven {@code process-classes} of the installer): Airlock's registry image, {@code
 * airlock.local/airlock/registry}, for linux/amd64 and linux/arm64, made with Jib Core from the
 * file systems {@code registry-runtime.sh} prepared, the jars {@code airlock serve} loads and
 * Airlock's own classes; then the seed images, an OCI layout tar holding it with the node module's
 * injector and proxy images, which {@link SeedImages} reads from the installer jar. Fails the build
 * when an image exceeds its size limit. Skips all of it when no input changed.
 *
 * <p>Arguments: ROOTFS_DIR CLASSPATH_FILE CLASSES_DIR OUTPUT_DIR VERSION WORK_DIR.
 */
public final class RegistryImageBuilder {

  /** The jars serving needs (by artifact name): the registry, TLS, bcrypt, JSON, the CLI parser. */
  static final List<String> JARS =
      List.of(
          "airlock-core-",
          "picocli-",
          "jackson-core-",
          "jackson-databind-",
          "jackson-annotations-",
          "netty-buffer-",
          "netty-codec-",
          "netty-codec-http-",
          "netty-common-",
          "netty-handler-",
          "netty-resolver-",
          "netty-transport-",
          "netty-transport-native-unix-common-",
          "bcprov-jdk18on-",
          "bcpkix-jdk18on-",
          "bcutil-jdk18on-");

  /**
   * The jars copied with only the classes the image can reach (see {@link JarTrimmer}): Bouncy
   * Castle's, two thirds of the image's libraries by size, of which serving uses bcrypt and PEM.
   */
  static final List<String> TRIMMED =
      List.of("bcprov-jdk18on-", "bcpkix-jdk18on-", "bcutil-jdk18on-");

  /** Airlock's classes serving loads: the command line's package (only serve is reachable). */
  static final List<String> CLASSES =
      List.of("io/airlock/cli/", "io/airlock/installer/AirlockVersion.class");

  /** JVM options of the image: no perf data file (read-only root), a small serial heap. */
  static final List<String> JVM_OPTIONS =
      List.of(
          "-XX:-UsePerfData",
          "-XX:+UseSerialGC",
          "-XX:MaxRAMPercentage=70",
          "-Xss512k",
          "-Djava.io.tmpdir=/tmp");

  private RegistryImageBuilder() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 6) {
      throw new IllegalArgumentException(
          "usage: RegistryImageBuilder ROOTFS_DIR CLASSPATH_FILE CLASSES_DIR OUTPUT_DIR VERSION"
              + " WORK_DIR");
    }
    Path rootfsDir = Path.of(args[0]);
    List<Path> jars = jars(Path.of(args[1]));
    Path classes = Path.of(args[2]);
    Path out = Files.createDirectories(Path.of(args[3]));
    String version = args[4];
    Path work = Files.createDirectories(Path.of(args[5]));

    String stamp = stamp(rootfsDir, jars, classes, version);
    Path stampFile = work.resolve("seed-images.stamp");
    if (Files.isRegularFile(out.resolve(SeedImages.LAYOUT))
        && Files.isRegularFile(out.resolve(SeedImages.METADATA))
        && Files.isRegularFile(stampFile)
        && Files.readString(stampFile).equals(stamp)) {
      System.out.println("airlock-registry image: up to date");
      return;
    }
    List<JarTrimmer.Trimmed> trimmed = new ArrayList<>();
    List<Path> imageJars =
        JarTrimmer.trim(
            jars,
            jar -> TRIMMED.stream().anyMatch(jar.getFileName().toString()::startsWith),
            classes,
            rel -> CLASSES.stream().anyMatch(rel::startsWith),
            work.resolve("trimmed-jars"),
            trimmed);
    for (JarTrimmer.Trimmed t : trimmed) {
      System.out.printf(
          Locale.ROOT,
          "airlock-registry image: %s with %d of %d classes, %.1f MB%n",
          t.jar().getFileName(),
          t.keptClasses(),
          t.allClasses(),
          Files.size(t.jar()) / 1e6);
    }
    LayoutAssembler layout = new LayoutAssembler();
    Map<String, Path> tars = new LinkedHashMap<>();
    ExecutorService executor = Executors.newFixedThreadPool(2);
    try {
      for (String arch : NodeImages.ARCHITECTURES) {
        tars.put(
            arch,
            image(
                arch,
                rootfsDir.resolve("rootfs-" + arch),
                imageJars,
                classes,
                version,
                work,
                executor));
      }
    } finally {
      executor.shutdownNow();
    }
    LayoutAssembler.AssembledImage registry = layout.add(SeedImages.REGISTRY_IMAGE, version, tars);
    Path nodeImages = work.resolve("node-images.tar");
    NodeImages.load().writeLayout(nodeImages);
    List<LayoutAssembler.AssembledImage> all = new ArrayList<>(layout.addLayout(nodeImages));
    all.add(0, registry);
    Path layoutTar = out.resolve(SeedImages.LAYOUT);
    layout.write(layoutTar);
    Hashing.Result hash = Hashing.hash(layoutTar, DigestAlgorithm.SHA256);

    ObjectNode metadata = Json.MAPPER.createObjectNode();
    metadata.put("version", version);
    metadata.putObject("layout").put("size", hash.size()).put("sha256", hash.digest().toString());
    ArrayNode images = metadata.putArray("images");
    for (LayoutAssembler.AssembledImage image : all) {
      images.add(image.json());
      for (LayoutAssembler.PlatformManifest p : image.platforms()) {
        if (image == registry && p.totalBytes() > SeedImages.MAX_REGISTRY_IMAGE_BYTES) {
          throw new IllegalStateException(
              "the "
                  + p.architecture()
                  + " registry image is "
                  + p.totalBytes()
                  + " bytes compressed; the limit is "
                  + SeedImages.MAX_REGISTRY_IMAGE_BYTES);
        }
        System.out.printf(
            Locale.ROOT,
            "airlock-registry image: %s:%s linux/%s %s, %.1f MB compressed%n",
            image.name(),
            image.tag(),
            p.architecture(),
            p.manifest().digest(),
            p.totalBytes() / 1e6);
      }
    }
    Path temp = out.resolve(SeedImages.METADATA + ".partial");
    Files.write(temp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(metadata));
    Files.move(temp, out.resolve(SeedImages.METADATA), StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(stampFile, stamp);
    System.out.printf(
        Locale.ROOT,
        "airlock-registry image: %s, %.1f MB, %s%n",
        layoutTar.getFileName(),
        hash.size() / 1e6,
        hash.digest());
  }

  /** One platform's image, as Jib writes it: an OCI layout tar of a single image. */
  private static Path image(
      String arch,
      Path rootfs,
      List<Path> jars,
      Path classes,
      String version,
      Path work,
      ExecutorService executor)
      throws Exception {
    if (!Files.isDirectory(rootfs.resolve("opt/airlock/jre/bin"))) {
      throw new IllegalStateException(
          rootfs
              + " has no Java runtime; registry-runtime.sh should have made it before this step");
    }
    Path tar = work.resolve("registry-" + arch + ".tar");
    Files.deleteIfExists(tar);
    List<String> entrypoint = new ArrayList<>();
    entrypoint.add(RegistryImageLayers.JRE + "/bin/java");
    entrypoint.addAll(JVM_OPTIONS);
    entrypoint.add("-cp");
    entrypoint.add(RegistryImageLayers.CLASSES + ":" + RegistryImageLayers.LIB + "/*");
    entrypoint.add("io.airlock.cli.RegistryImageMain");
    Jib.fromScratch()
        .setFormat(ImageFormat.OCI)
        .setPlatforms(Set.of(new Platform(arch, "linux")))
        .setCreationTime(Instant.EPOCH)
        .addFileEntriesLayer(RegistryImageLayers.system(rootfs))
        .addFileEntriesLayer(RegistryImageLayers.runtime(rootfs))
        .addFileEntriesLayer(RegistryImageLayers.libraries(jars))
        .addFileEntriesLayer(RegistryImageLayers.classes(classes, CLASSES))
        .setEntrypoint(entrypoint)
        .setUser("65532:65532")
        .addLabel("org.opencontainers.image.title", "airlock-registry")
        .addLabel("org.opencontainers.image.version", version)
        .addLabel(
            "org.opencontainers.image.description",
            "Airlock's OCI registry (airlock serve) on a jlinked Java runtime; no shell")
        .containerize(
            Containerizer.to(TarImage.at(tar).named(SeedImages.REGISTRY_IMAGE + ":" + version))
                .setApplicationLayersCache(work.resolve("cache"))
                .setBaseImageLayersCache(work.resolve("base-cache"))
                .setExecutorService(executor)
                .setOfflineMode(true)
                .setToolName("airlock-registry-build"));
    return tar;
  }

  /** The jars of the runtime class path that serving needs, each found exactly once. */
  static List<Path> jars(Path classpathFile) throws IOException {
    String[] entries = Files.readString(classpathFile).strip().split(java.io.File.pathSeparator);
    List<Path> found = new ArrayList<>();
    for (String prefix : JARS) {
      List<Path> matches = new ArrayList<>();
      for (String e : entries) {
        Path p = Path.of(e);
        String name = p.getFileName().toString();
        if (name.startsWith(prefix)
            && name.substring(prefix.length()).matches("[0-9][^/]*\\.jar")) {
          matches.add(p);
        }
      }
      if (matches.size() != 1) {
        throw new IllegalStateException(
            "expected one " + prefix + "*.jar on the class path, found " + matches);
      }
      found.add(matches.get(0));
    }
    return found;
  }

  /** A digest of every input, so an unchanged build does nothing. */
  private static String stamp(Path rootfsDir, List<Path> jars, Path classes, String version)
      throws IOException {
    java.security.MessageDigest d = DigestAlgorithm.SHA256.newMessageDigest();
    d.update(version.getBytes(StandardCharsets.UTF_8));
    d.update(String.join(" ", JVM_OPTIONS).getBytes(StandardCharsets.UTF_8));
    // How the jars are trimmed is an input too.
    d.update(String.join(" ", TRIMMED).getBytes(StandardCharsets.UTF_8));
    try (InputStream trimmer = JarTrimmer.class.getResourceAsStream("JarTrimmer.class")) {
      d.update(java.util.Objects.requireNonNull(trimmer).readAllBytes());
    }
    for (String arch : NodeImages.ARCHITECTURES) {
      d.update(Files.readAllBytes(rootfsDir.resolve("rootfs-" + arch + ".stamp")));
    }
    for (Path jar : jars) {
      d.update(
          Hashing.hash(jar, DigestAlgorithm.SHA256)
              .digest()
              .toString()
              .getBytes(StandardCharsets.UTF_8));
    }
    try (var files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        String rel = classes.relativize(f).toString().replace('\\', '/');
        if (CLASSES.stream().anyMatch(rel::startsWith)) {
          d.update(rel.getBytes(StandardCharsets.UTF_8));
          try (InputStream in = Files.newInputStream(f)) {
            d.update(in.readAllBytes());
          }
        }
      }
    }
    d.update(NodeImages.load().layoutDigest().toString().getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(d.digest());
  }
}
