package io.airlock.core.sample;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airlock.core.BadInputException;
import io.airlock.core.archive.Compression;
import io.airlock.core.archive.TarWriter;
import io.airlock.core.digest.Digest;
import io.airlock.core.oci.Descriptor;
import io.airlock.core.oci.Json;
import io.airlock.core.oci.MediaTypes;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.progress.StepProgress;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a deterministic, valid sample bundle for demos, tests and benchmarks: seeded random
 * layers, base layers shared between images, one multi-arch image, Helm charts and a
 * k0rdent-enterprise chart carrying the product version. The same options give the same bytes.
 */
public final class SampleBundle {

  /** The product version the sample's k0rdent-enterprise chart carries. */
  public static final String PRODUCT_VERSION = "1.2.3";

  private static final String[] REGISTRIES = {"docker.io", "ghcr.io", "quay.io", "registry.k8s.io"};
  private static final String[] NAMES = {
    "controller", "webhook", "agent", "api-server", "dashboard", "worker", "scheduler", "exporter"
  };
  private static final String[] VENDORS = {"k0sproject", "capi", "provider-aws", "metrics-server"};

  /** How a sample bundle is laid out on disk. */
  public enum Layout {
    /** charts/ plus vendor directories of oci-archives and docker-archives. */
    K0RDENT,
    /** One OCI layout holding every image and the charts as OCI artifacts. */
    OCI_LAYOUT
  }

  /**
   * @param images how many images (the first one is multi-arch)
   * @param layerBytes size of each layer's random content
   * @param seed the seed of all random content
   */
  public record Options(int images, long layerBytes, Layout layout, long seed) {
    public Options {
      if (images < 1 || images > 10_000) {
        throw new IllegalArgumentException("images must be between 1 and 10000");
      }
      if (layerBytes < 1) {
        throw new IllegalArgumentException("layer size must be at least one byte");
      }
    }

    public static Options defaults() {
      return new Options(6, 1 << 20, Layout.K0RDENT, 1);
    }
  }

  /** One image of the sample, as written. */
  public record SampleImage(String ref, Digest digest, String archive) {}

  /** What was written. */
  public record Result(Path path, List<SampleImage> images, List<String> charts) {}

  private final Options options;
  private final ProgressListener listener;
  private final Map<String, byte[]> runnable;

  public SampleBundle(Options options, ProgressListener listener) {
    this(options, listener, Map.of());
  }

  private SampleBundle(Options options, ProgressListener listener, Map<String, byte[]> runnable) {
    this.options = options;
    this.listener = listener;
    this.runnable = Map.copyOf(runnable);
  }

  /**
   * The same bundle plus a runnable image, {@code docker.io/airlock-samples/hello:1.0.0}, made of
   * these static programs (architecture to binary; the node module builds one that serves HTTP on
   * port 8080), and a chart {@code hello} that deploys it under its upstream name.
   */
  public SampleBundle withRunnable(Map<String, byte[]> binaries) {
    return new SampleBundle(options, listener, binaries);
  }

  /**
   * Writes the bundle to {@code out}: a directory, or a .tar, .tar.gz/.tgz or .tar.zst archive
   * chosen by the name. Nothing appears at {@code out} unless the whole bundle was written.
   */
  public Result write(Path out) throws BadInputException {
    if (Files.exists(out)) {
      throw new BadInputException(
          out + " already exists.", "Choose a new path, or remove the old bundle first.");
    }
    Path parent = out.toAbsolutePath().getParent();
    Path work = null;
    try {
      Files.createDirectories(parent);
      work = Files.createTempDirectory(parent, ".airlock-sample-");
      BlobPool pool = new BlobPool(work.resolve("pool"));
      Path tree = work.resolve("bundle");
      Files.createDirectories(tree);
      List<SampleImages.ImageParts> images = makeImages(pool);
      List<Chart> charts =
          new ArrayList<>(Charts.make(images.stream().map(SampleImages.ImageParts::ref).toList()));
      if (!runnable.isEmpty()) {
        images.add(SampleImages.runnable(pool, runnable));
        charts.add(Charts.hello(SampleImages.HELLO, SampleImages.HELLO_PORT));
      }
      List<SampleImage> written =
          options.layout() == Layout.K0RDENT
              ? writeK0rdent(tree, pool, images, charts)
              : writeLayout(tree, pool, images, charts);
      Compression compression = compressionFor(out);
      if (isArchiveName(out)) {
        Path packed = work.resolve("packed");
        try (TarWriter tar = TarWriter.create(packed, compression)) {
          tar.addTree(tree, "");
        }
        Files.move(packed, out);
      } else {
        Files.move(tree, out);
      }
      return new Result(out, written, charts.stream().map(Chart::fileName).toList());
    } catch (IOException e) {
      throw new BadInputException(
          "Cannot write the sample bundle to " + out + ": " + e.getMessage(),
          "Check that the directory is writable and has space.",
          e);
    } finally {
      if (work != null) {
        deleteQuietly(work);
      }
    }
  }

  private static boolean isArchiveName(Path out) {
    String name = out.getFileName().toString();
    return name.endsWith(".tar") || compressionFor(out) != Compression.NONE;
  }

  private static Compression compressionFor(Path out) {
    String name = out.getFileName().toString();
    if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) {
      return Compression.GZIP;
    }
    if (name.endsWith(".tar.zst") || name.endsWith(".tzst")) {
      return Compression.ZSTD;
    }
    return Compression.NONE;
  }

  // ---------------------------------------------------------------- the images

  private List<SampleImages.ImageParts> makeImages(BlobPool pool) throws IOException {
    BlobPool.Layer[] bases = {
      pool.putRandomLayer("base-0.bin", options.layerBytes(), seed("base", 0)),
      pool.putRandomLayer("base-1.bin", options.layerBytes(), seed("base", 1))
    };
    List<SampleImages.ImageParts> images = new ArrayList<>();
    for (int i = 0; i < options.images(); i++) {
      String name = NAMES[i % NAMES.length] + (i >= NAMES.length ? "-" + i : "");
      String ref =
          REGISTRIES[i % REGISTRIES.length] + "/airlock-samples/" + name + ":v1." + i + ".0";
      List<String> arches = i == 0 ? List.of("amd64", "arm64") : List.of("amd64");
      List<SampleImages.PlatformImage> platforms = new ArrayList<>();
      for (String arch : arches) {
        BlobPool.Layer own =
            pool.putRandomLayer(
                name + "-" + arch + ".bin", options.layerBytes(), seed(name + arch, i));
        List<BlobPool.Layer> layers = List.of(bases[i % 2], own);
        Digest config = pool.putBytes(SampleDocuments.config(arch, layers, name));
        Digest manifest = pool.putBytes(SampleDocuments.manifest(pool, config, layers));
        platforms.add(new SampleImages.PlatformImage(arch, manifest, config, layers));
      }
      Digest index =
          platforms.size() > 1 ? pool.putBytes(SampleDocuments.index(pool, platforms)) : null;
      images.add(new SampleImages.ImageParts(ref, platforms, index));
      listener.onEvent(new StepProgress("sample", ref, i + 1, options.images()));
    }
    return images;
  }

  private long seed(String label, int i) {
    return options.seed() * 1_000_003L + label.hashCode() * 31L + i;
  }

  // ---------------------------------------------------------------- the layouts

  private List<SampleImage> writeK0rdent(
      Path tree, BlobPool pool, List<SampleImages.ImageParts> images, List<Chart> charts)
      throws IOException {
    Path chartDir = Files.createDirectories(tree.resolve("charts"));
    for (Chart chart : charts) {
      Files.write(chartDir.resolve(chart.fileName()), chart.archive());
    }
    List<SampleImage> written = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      SampleImages.ImageParts image = images.get(i);
      String vendor = VENDORS[i % VENDORS.length];
      String repoName = image.ref().substring(image.ref().lastIndexOf('/') + 1);
      String fileName = repoName.replace(':', '_') + ".tar";
      Path archive = Files.createDirectories(tree.resolve(vendor)).resolve(fileName);
      boolean docker = i % 3 == 2 && image.index() == null;
      Digest digest =
          docker ? writeDockerArchive(archive, pool, image) : writeOciArchive(archive, pool, image);
      written.add(new SampleImage(image.ref(), digest, vendor + "/" + fileName));
    }
    return written;
  }

  private Digest writeOciArchive(Path file, BlobPool pool, SampleImages.ImageParts image)
      throws IOException {
    try (TarWriter tar = TarWriter.create(file, Compression.NONE)) {
      tar.addBytes("oci-layout", SampleDocuments.layoutMarker());
      tar.addBytes(
          "index.json",
          SampleDocuments.topIndex(
              List.of(SampleDocuments.entry(pool, image.top(), topMediaType(image), image.ref()))));
      tar.addDirectory("blobs");
      tar.addDirectory("blobs/sha256");
      for (Digest blob : blobsOf(image)) {
        tar.addFile("blobs/sha256/" + blob.hex(), pool.path(blob));
      }
    }
    return image.top();
  }

  /** Writes the archive as skopeo's docker-archive transport does: layers uncompressed. */
  private Digest writeDockerArchive(Path file, BlobPool pool, SampleImages.ImageParts image)
      throws IOException {
    SampleImages.PlatformImage p = image.platforms().get(0);
    ObjectNode entry = Json.MAPPER.createObjectNode();
    entry.put("Config", p.config().hex() + ".json");
    entry.putArray("RepoTags").add(image.ref().replaceFirst("^docker\\.io/", ""));
    ArrayNode layers = entry.putArray("Layers");
    ObjectNode manifest = Json.MAPPER.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MediaTypes.DOCKER_MANIFEST);
    ObjectNode config = manifest.putObject("config");
    config.put("mediaType", MediaTypes.DOCKER_CONFIG);
    config.put("size", pool.size(p.config()));
    config.put("digest", p.config().toString());
    ArrayNode manifestLayers = manifest.putArray("layers");
    try (TarWriter tar = TarWriter.create(file, Compression.NONE)) {
      tar.addFile(p.config().hex() + ".json", pool.path(p.config()));
      for (BlobPool.Layer layer : p.layers()) {
        String name = layer.diffId().hex() + ".tar";
        layers.add(name);
        try (InputStream in = pool.openUncompressed(layer.digest())) {
          tar.addStream(name, layer.diffSize(), in);
        }
        manifestLayers
            .addObject()
            .put("mediaType", MediaTypes.DOCKER_LAYER_GZIP)
            .put("size", layer.diffSize())
            .put("digest", layer.diffId().toString());
      }
      ArrayNode top = Json.MAPPER.createArrayNode();
      top.add(entry);
      tar.addBytes("manifest.json", SampleDocuments.bytes(top));
    }
    return Digest.sha256(SampleDocuments.bytes(manifest));
  }

  private List<SampleImage> writeLayout(
      Path tree, BlobPool pool, List<SampleImages.ImageParts> images, List<Chart> charts)
      throws IOException {
    Path blobs = Files.createDirectories(tree.resolve("blobs/sha256"));
    List<ObjectNode> entries = new ArrayList<>();
    List<SampleImage> written = new ArrayList<>();
    for (SampleImages.ImageParts image : images) {
      for (Digest blob : blobsOf(image)) {
        copyBlob(pool, blob, blobs);
      }
      entries.add(SampleDocuments.entry(pool, image.top(), topMediaType(image), image.ref()));
      written.add(new SampleImage(image.ref(), image.top(), "index.json"));
    }
    for (Chart chart : charts) {
      Digest content = pool.putBytes(chart.archive());
      Digest config = pool.putBytes(chart.configJson());
      ObjectNode manifest = Json.MAPPER.createObjectNode();
      manifest.put("schemaVersion", 2);
      manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
      manifest.set("config", Descriptor.json(MediaTypes.HELM_CONFIG, config, pool.size(config)));
      manifest
          .putArray("layers")
          .add(Descriptor.json(MediaTypes.HELM_CHART, content, pool.size(content)));
      Digest digest = pool.putBytes(SampleDocuments.bytes(manifest));
      for (Digest blob : List.of(content, config, digest)) {
        copyBlob(pool, blob, blobs);
      }
      entries.add(
          SampleDocuments.entry(
              pool,
              digest,
              MediaTypes.OCI_MANIFEST,
              "charts/" + chart.name() + ":" + chart.version()));
    }
    Files.write(tree.resolve("oci-layout"), SampleDocuments.layoutMarker());
    Files.write(tree.resolve("index.json"), SampleDocuments.topIndex(entries));
    return written;
  }

  private static void copyBlob(BlobPool pool, Digest blob, Path blobs) throws IOException {
    Path target = blobs.resolve(blob.hex());
    if (!Files.exists(target)) {
      Files.copy(pool.path(blob), target);
    }
  }

  private static List<Digest> blobsOf(SampleImages.ImageParts image) {
    Map<Digest, Boolean> blobs = new LinkedHashMap<>();
    if (image.index() != null) {
      blobs.put(image.index(), true);
    }
    for (SampleImages.PlatformImage p : image.platforms()) {
      blobs.put(p.manifest(), true);
      blobs.put(p.config(), true);
      p.layers().forEach(l -> blobs.put(l.digest(), true));
    }
    return new ArrayList<>(blobs.keySet());
  }

  private static String topMediaType(SampleImages.ImageParts image) {
    return image.index() != null ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException | UncheckedIOException ignored) {
      // Best effort: a leftover temporary directory is harmless.
    }
  }
}
