package io.airlock.core.bundle;

import io.airlock.core.BadInputException;
import io.airlock.core.Phrase;
import io.airlock.core.Setting;
import io.airlock.core.UserDirs;
import io.airlock.core.archive.ArchiveTree;
import io.airlock.core.archive.Compression;
import io.airlock.core.archive.DirectoryTree;
import io.airlock.core.archive.InputLimits;
import io.airlock.core.archive.Member;
import io.airlock.core.archive.MemberPaths;
import io.airlock.core.archive.TarTree;
import io.airlock.core.archive.TarUnpacker;
import io.airlock.core.progress.Notice;
import io.airlock.core.progress.ProgressListener;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Opens any bundle Airlock reads and indexes it. Directories and uncompressed tars are read in
 * place; compressed tars are unpacked once into the work directory, checked on the way.
 */
public final class BundleOpener {

  private static final String EXPECTED =
      "a directory or tar with charts/ and vendor image archives, an OCI layout (oci-layout,"
          + " index.json, blobs/), an oci-archive or docker-archive, or a bundle with"
          + " airlock-bundle.yaml; .tar.gz and .tar.zst are unpacked first";

  private final Path workDir;
  private final ProgressListener listener;
  private final @Nullable InputLimits limits;

  /**
   * Opens bundles within the {@link InputLimits} the environment sets (the defaults otherwise).
   *
   * @param workDir where compressed bundles are unpacked
   * @param listener receives unpacking progress and warnings
   */
  public BundleOpener(Path workDir, ProgressListener listener) {
    this(workDir, listener, null);
  }

  /**
   * @param limits the bounds to keep, or null for those the environment sets
   */
  public BundleOpener(Path workDir, ProgressListener listener, @Nullable InputLimits limits) {
    this.workDir = workDir;
    this.listener = listener;
    this.limits = limits;
  }

  /** The work directory given, or the default one when none was. */
  public static Path workDirOrDefault(@Nullable Path given) {
    return given != null ? given : defaultWorkDir();
  }

  /**
   * The default work directory: {@code $XDG_CACHE_HOME/airlock/bundles} or ~/.cache/...; on Windows
   * {@code %LOCALAPPDATA%\airlock\bundles}.
   */
  public static Path defaultWorkDir() {
    return UserDirs.current().cache("airlock", "bundles");
  }

  public Bundle open(Path path) throws BadInputException, InterruptedIOException {
    if (!Files.exists(path)) {
      throw new BadInputException(
              Phrase.of("Bundle not found: ", path, "."),
              Phrase.of(
                  "Check the path; ", Setting.SAMPLE_BUNDLE, " makes one to try Airlock with."))
          .coded("bundle.not-found");
    }
    if (!Files.isReadable(path)) {
      throw new BadInputException(
          "Cannot read the bundle " + path + ": permission denied.",
          "Check the file's permissions or run as a user who may read it.");
    }
    if (Files.isDirectory(path)) {
      return index(path, null, DirectoryTree.open(path), false);
    }
    Compression compression;
    boolean tar;
    try {
      compression = Compression.of(path);
      tar = compression == Compression.NONE && Compression.isTar(path);
    } catch (IOException e) {
      throw new BadInputException(
          "Cannot read the bundle " + path + ": " + e.getMessage(), null, e);
    }
    if (compression != Compression.NONE) {
      InputLimits bounds = limits != null ? limits : InputLimits.fromEnvironment(System.getenv());
      Path unpacked = new TarUnpacker(listener, bounds).unpack(path, compression, workDir);
      return index(path, unpacked, DirectoryTree.open(unpacked), true);
    }
    if (!tar) {
      throw new BadInputException(
          path
              + " is not a bundle Airlock can read: it is neither a directory, a tar nor a"
              + " compressed tar. Expected "
              + EXPECTED
              + ".");
    }
    return index(path, null, TarTree.open(path), true);
  }

  private Bundle index(Path path, @Nullable Path unpackedTo, ArchiveTree tree, boolean archived)
      throws BadInputException {
    String prefix = rootOf(tree);
    BundleIndex index = new BundleIndex();
    BundleFormat format;
    BundleManifest manifest = null;
    String version = null;
    if (AirlockBundleReader.hasManifest(tree, prefix)) {
      format = BundleFormat.AIRLOCK;
      manifest = AirlockBundleReader.readManifest(tree, prefix);
      AirlockBundleReader.read(tree, prefix, manifest, index);
      version = manifest.version();
    } else if (OciLayoutReader.isLayout(tree, prefix)) {
      format = archived ? BundleFormat.OCI_ARCHIVE : BundleFormat.OCI_LAYOUT;
      addAll(index, OciLayoutReader.read(tree, prefix, sourceName(path, prefix), index));
    } else if (DockerArchiveReader.isDockerArchive(tree, prefix)) {
      format = BundleFormat.DOCKER_ARCHIVE;
      addAll(index, DockerArchiveReader.read(tree, prefix, sourceName(path, prefix), index));
    } else if (K0rdentReader.isK0rdent(tree, prefix)) {
      format = BundleFormat.K0RDENT;
      addAll(index, K0rdentReader.read(tree, prefix, index));
    } else {
      throw new BadInputException(
          path
              + " is not a bundle Airlock can read: found "
              + describeTop(tree, prefix)
              + ". Expected "
              + EXPECTED
              + ".");
    }
    if (version == null) {
      version = K0rdentReader.productVersion(index.charts()).orElse(null);
    }
    for (String warning : index.warnings()) {
      listener.onEvent(Notice.warning(warning));
    }
    List<BundleImage> images = new ArrayList<>(index.images());
    images.sort(Comparator.comparing(BundleImage::ref));
    List<BundleChart> charts = new ArrayList<>(index.charts());
    charts.sort(Comparator.comparing(BundleChart::name).thenComparing(BundleChart::version));
    return new Bundle(
        path,
        unpackedTo,
        format,
        manifest == null ? null : manifest.name(),
        version,
        manifest,
        images,
        charts,
        index.blobs(),
        index.warnings());
  }

  private static void addAll(BundleIndex index, List<FoundImage> found) throws BadInputException {
    for (FoundImage f : found) {
      index.addImage(f.image());
    }
  }

  /**
   * Where the bundle starts: the root, or the one directory below it that is a bundle. Vendors pack
   * bundles with one top directory (airgap-bundle-1.2.3/), and a download directory may hold the
   * bundle directory beside other files.
   */
  private static String rootOf(ArchiveTree tree) throws BadInputException {
    if (AirlockBundleReader.hasManifest(tree, "")
        || OciLayoutReader.isLayout(tree, "")
        || DockerArchiveReader.isDockerArchive(tree, "")) {
      return "";
    }
    List<Member> top = tree.children("");
    List<String> directories = top.stream().map(Member::path).filter(tree::isDirectory).toList();
    if (top.size() == 1 && directories.size() == 1) {
      return directories.get(0);
    }
    if (K0rdentReader.isK0rdent(tree, "")) {
      return "";
    }
    List<String> bundles = new ArrayList<>();
    for (String d : directories) {
      if (AirlockBundleReader.hasManifest(tree, d)
          || OciLayoutReader.isLayout(tree, d)
          || tree.isDirectory(MemberPaths.join(d, K0rdentReader.CHARTS))) {
        bundles.add(d);
      }
    }
    return bundles.size() == 1 ? bundles.get(0) : "";
  }

  private static String sourceName(Path path, String prefix) {
    String file = path.getFileName() == null ? path.toString() : path.getFileName().toString();
    return prefix.isEmpty() ? file : file + "/" + prefix;
  }

  private static String describeTop(ArchiveTree tree, String prefix) {
    List<Member> top = tree.children(prefix);
    if (top.isEmpty()) {
      return "nothing (it is empty)";
    }
    List<String> names = top.stream().limit(6).map(Member::fileName).toList();
    return String.join(", ", names) + (top.size() > 6 ? " and " + (top.size() - 6) + " more" : "");
  }
}
