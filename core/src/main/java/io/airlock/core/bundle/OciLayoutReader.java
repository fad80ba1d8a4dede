package io.airlock.core.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import io.airlock.core.BadInputException;
import io.airlock.core.archive.ArchiveTree;
import io.airlock.core.archive.FileSlice;
import io.airlock.core.archive.InputLimits;
import io.airlock.core.archive.LimitExceededException;
import io.airlock.core.archive.Member;
import io.airlock.core.archive.MemberPaths;
import io.airlock.core.digest.Digest;
import io.airlock.core.oci.Descriptor;
import io.airlock.core.oci.ImageRef;
import io.airlock.core.oci.Manifest;
import io.airlock.core.oci.MediaTypes;
import io.airlock.core.oci.Platform;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads an OCI image layout (a directory, an oci-archive, or a layout inside a bundle): every image
 * index.json names, with its whole graph of manifests, configs and layers checked to be present
 * with the sizes their descriptors promise. Helm charts stored as OCI artifacts become charts.
 */
final class OciLayoutReader {

  static final String CONTAINERD_NAME = "io.containerd.image.name";
  static final String OCI_REF_NAME = "org.opencontainers.image.ref.name";

  /** Indexes of indexes: image tools write one or two levels; the walk is recursive. */
  static final int MAX_INDEX_NESTING = 8;

  private final ArchiveTree tree;
  private final String prefix;
  private final String source;
  private final BundleIndex index;

  private OciLayoutReader(ArchiveTree tree, String prefix, String source, BundleIndex index) {
    this.tree = tree;
    this.prefix = prefix;
    this.source = source;
    this.index = index;
  }

  /** True for a directory of the tree that holds an oci-layout marker. */
  static boolean isLayoutDir(ArchiveTree tree, String dir) {
    return tree.isDirectory(dir) && tree.member(MemberPaths.join(dir, "oci-layout")).isPresent();
  }

  static boolean isLayout(ArchiveTree tree, String prefix) throws BadInputException {
    return tree.findFile(MemberPaths.join(prefix, "oci-layout")).isPresent()
        && tree.findFile(MemberPaths.join(prefix, "index.json")).isPresent();
  }

  /**
   * Reads the layout at {@code prefix} of {@code tree}.
   *
   * @param source how the layout is named in the bundle, for refs guessed from it and messages
   * @return the images, with names as recorded or guessed (charts go straight to the index)
   */
  static List<FoundImage> read(ArchiveTree tree, String prefix, String source, BundleIndex index)
      throws BadInputException {
    return new OciLayoutReader(tree, prefix, source, index).read();
  }

  private List<FoundImage> read() throws BadInputException {
    checkLayoutVersion();
    String indexPath = MemberPaths.join(prefix, "index.json");
    Manifest top =
        Documents.manifest(readMember(indexPath), MediaTypes.OCI_INDEX, tree.where(indexPath));
    RefGuess guess = RefGuess.fromSource(source);
    List<Descriptor> entries = top.manifests();
    List<FoundImage> found = new ArrayList<>();
    for (Descriptor entry : entries) {
      Set<Digest> blobs = new LinkedHashSet<>();
      List<String> platforms = new ArrayList<>();
      Optional<Manifest> document = walk(entry, blobs, platforms, 0);
      if (document.isPresent() && isHelmChart(document.get())) {
        index.addChart(chartOf(entry, document.get()));
        continue;
      }
      Optional<String> recorded = recordedName(entry);
      String ref;
      boolean guessed;
      if (recorded.isPresent() && ImageRef.looksLikeFullReference(recorded.get())) {
        ref = canonical(recorded.get(), entry);
        guessed = false;
      } else if (recorded.isPresent()) {
        ref = guess.withTag(recorded.get());
        guessed = true;
      } else if (entries.size() == 1) {
        ref = guess.ref();
        guessed = true;
      } else {
        ref = ImageRef.parse(guess.ref()).withTag(null).toString() + "@" + entry.digest();
        guessed = true;
      }
      long size = blobs.stream().mapToLong(d -> index.blob(d).size()).sum();
      found.add(
          new FoundImage(
              new BundleImage(
                  ref, guessed, entry.digest(), entry.mediaType(), platforms, size, source, blobs),
              recorded.orElse(null)));
    }
    return found;
  }

  private void checkLayoutVersion() throws BadInputException {
    String path = MemberPaths.join(prefix, "oci-layout");
    JsonNode layout = Documents.json(readMember(path), tree.where(path));
    if (!layout.hasNonNull("imageLayoutVersion")) {
      throw new BadInputException(
          tree.where(path) + " is not an OCI layout marker: it has no imageLayoutVersion.");
    }
  }

  /**
   * Visits a descriptor and everything below it, registering blobs and checking each is present
   * with the promised size; manifests and configs are read and checked against their digests.
   */
  private Optional<Manifest> walk(
      Descriptor d, Set<Digest> blobs, List<String> platforms, int depth) throws BadInputException {
    boolean top = depth == 0;
    if (depth > MAX_INDEX_NESTING) {
      throw new LimitExceededException(
          "Refusing "
              + source
              + ": its indexes nest more than "
              + MAX_INDEX_NESTING
              + " deep (at "
              + d.digest()
              + "); image tools write one or two levels.",
          InputLimits.Limit.DEPTH,
          MAX_INDEX_NESTING);
    }
    FileSlice blob = locate(d);
    blobs.add(d.digest());
    String mediaType = d.mediaType();
    boolean document = MediaTypes.isManifestOrIndex(mediaType) || (top && mediaType.isEmpty());
    if (!document) {
      if (top) {
        index.warn(
            "Entry "
                + d.digest()
                + " of "
                + source
                + " has media type '"
                + mediaType
                + "', which Airlock does not know; it is kept as an artifact.");
      }
      return Optional.empty();
    }
    String where = "manifest " + d.digest() + " in " + source;
    Manifest manifest =
        Documents.manifest(Documents.readChecked(blob, d.digest(), where), mediaType, where);
    if (manifest.isIndex()) {
      for (Descriptor child : manifest.manifests()) {
        child
            .platformIfAny()
            .filter(p -> !p.isUnknown())
            .ifPresent(p -> platforms.add(p.toString()));
        walk(child, blobs, platforms, depth + 1);
      }
      return Optional.of(manifest);
    }
    FileSlice config = locate(manifest.imageConfig());
    blobs.add(manifest.imageConfig().digest());
    if (MediaTypes.isImageConfig(manifest.imageConfig().mediaType())) {
      // Configs are small: check every one now, and learn the platform of a single image.
      String configWhere = "config " + manifest.imageConfig().digest() + " in " + source;
      JsonNode configJson =
          Documents.json(
              Documents.readChecked(config, manifest.imageConfig().digest(), configWhere),
              configWhere);
      if (top) {
        Platform.from(configJson).ifPresent(p -> platforms.add(p.toString()));
      }
    }
    for (Descriptor layer : manifest.layers()) {
      locate(layer);
      blobs.add(layer.digest());
    }
    return Optional.of(manifest);
  }

  /** Finds a blob of the layout and checks it has the size its descriptor promises. */
  private FileSlice locate(Descriptor d) throws BadInputException {
    String path =
        MemberPaths.join(
            prefix, "blobs/" + d.digest().algorithm().ociName() + "/" + d.digest().hex());
    Member member =
        tree.findFile(path)
            .orElseThrow(
                () ->
                    new BadInputException(
                        source
                            + " is incomplete: blob "
                            + d.digest()
                            + " ("
                            + d.mediaType()
                            + ") is missing; expected it at "
                            + tree.where(path)
                            + ".",
                        "The bundle is damaged; get it again."));
    FileSlice content = member.fileContent();
    if (content.size() != d.size()) {
      throw new BadInputException(
          "Blob "
              + d.digest()
              + " in "
              + source
              + " has "
              + content.size()
              + " bytes but its descriptor says "
              + d.size()
              + " ("
              + tree.where(path)
              + ").",
          "The bundle is damaged or was altered; get it again from its vendor.");
    }
    index.addBlob(d.digest(), content);
    return content;
  }

  private static boolean isHelmChart(Manifest manifest) {
    return !manifest.isIndex() && MediaTypes.HELM_CONFIG.equals(manifest.imageConfig().mediaType());
  }

  private BundleChart chartOf(Descriptor entry, Manifest manifest) throws BadInputException {
    String where = "chart config " + manifest.imageConfig().digest() + " in " + source;
    JsonNode config =
        Documents.json(
            Documents.readChecked(
                locate(manifest.imageConfig()), manifest.imageConfig().digest(), where),
            where);
    Descriptor layer =
        manifest.layers().stream()
            .filter(l -> MediaTypes.HELM_CHART.equals(l.mediaType()))
            .findFirst()
            .orElseThrow(
                () ->
                    new BadInputException(
                        "Helm chart "
                            + entry.digest()
                            + " in "
                            + source
                            + " has no chart content layer."));
    FileSlice content = locate(layer);
    return new BundleChart(
        config.path("name").asText(),
        config.path("version").asText(),
        config.hasNonNull("appVersion") ? config.get("appVersion").asText() : null,
        source + "@" + entry.digest(),
        layer.digest(),
        layer.size(),
        content,
        entry.digest());
  }

  private static Optional<String> recordedName(Descriptor entry) {
    return entry.annotation(CONTAINERD_NAME).or(() -> entry.annotation(OCI_REF_NAME));
  }

  private String canonical(String name, Descriptor entry) throws BadInputException {
    try {
      return ImageRef.parse(name).toString();
    } catch (IllegalArgumentException e) {
      throw new BadInputException(
          "Image "
              + entry.digest()
              + " in "
              + source
              + " is named '"
              + name
              + "', which is not a valid image reference.");
    }
  }

  private byte[] readMember(String path) throws BadInputException {
    Member member =
        tree.findFile(path)
            .orElseThrow(() -> new BadInputException(tree.where(path) + " is missing."));
    return Documents.read(member.fileContent(), tree.where(path));
  }
}
