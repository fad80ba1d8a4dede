package io.airlock.node.build;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airlock.core.BadInputException;
import io.airlock.core.archive.Compression;
import io.airlock.core.archive.FileSlice;
import io.airlock.core.archive.Member;
import io.airlock.core.archive.TarTree;
import io.airlock.core.archive.TarWriter;
import io.airlock.core.digest.Digest;
import io.airlock.core.oci.Descriptor;
import io.airlock.core.oci.Json;
import io.airlock.core.oci.Manifest;
import io.airlock.core.oci.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Joins single-platform OCI layout tars (as Jib writes them) into one OCI layout tar: one image
 * index per program naming each platform's manifest, listed in {@code index.json} under its
 * reference. Blobs are copied once each, in digest order, so the same inputs give the same bytes.
 */
public final class LayoutAssembler {

  /**
   * One platform's image, read from Jib's tar.
   *
   * @param totalBytes manifest, config and layers together: what a node pulls
   */
  public record PlatformManifest(String architecture, Descriptor manifest, long totalBytes) {}

  /** An assembled image: its reference, index and platforms. */
  public record AssembledImage(
      String name, String tag, Digest index, long indexSize, List<PlatformManifest> platforms) {

    /** Its entry in a metadata file: reference, index, and each platform's manifest and size. */
    public ObjectNode json() {
      ObjectNode node = Json.MAPPER.createObjectNode();
      node.put("name", name);
      node.put("tag", tag);
      node.put("index", index.toString());
      node.put("indexSize", indexSize);
      ObjectNode byArchitecture = node.putObject("platforms");
      for (PlatformManifest p : platforms) {
        byArchitecture
            .putObject(p.architecture())
            .put("manifest", p.manifest().digest().toString())
            .put("bytes", p.totalBytes());
      }
      return node;
    }
  }

  private static final String REF_NAME = "org.opencontainers.image.ref.name";

  private final Map<Digest, FileSlice> blobs = new TreeMap<>();
  private final Map<Digest, byte[]> documents = new TreeMap<>();
  private final List<AssembledImage> images = new ArrayList<>();
  private final List<TarTree> opened = new ArrayList<>();

  /** Adds one program's platform tars (architecture to Jib tar) as one multi-arch image. */
  public AssembledImage add(String name, String tag, Map<String, Path> platformTars)
      throws IOException, BadInputException {
    List<PlatformManifest> platforms = new ArrayList<>();
    ArrayNode manifests = Json.MAPPER.createArrayNode();
    for (Map.Entry<String, Path> e : platformTars.entrySet()) {
      PlatformManifest p = read(e.getKey(), e.getValue());
      platforms.add(p);
      ObjectNode d =
          Descriptor.json(p.manifest().mediaType(), p.manifest().digest(), p.manifest().size());
      d.putObject("platform").put("architecture", p.architecture()).put("os", "linux");
      manifests.add(d);
    }
    ObjectNode index = Json.MAPPER.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    index.set("manifests", manifests);
    byte[] bytes = bytes(index);
    Digest digest = Digest.sha256(bytes);
    documents.put(digest, bytes);
    AssembledImage image = new AssembledImage(name, tag, digest, bytes.length, platforms);
    images.add(image);
    return image;
  }

  private PlatformManifest read(String architecture, Path jibTar)
      throws IOException, BadInputException {
    TarTree tree = TarTree.open(jibTar);
    opened.add(tree);
    Manifest top = Manifest.parse(document(tree, "index.json"), MediaTypes.OCI_INDEX);
    if (top.manifests().size() != 1) {
      throw new IOException(jibTar + ": expected one image, found " + top.manifests().size());
    }
    Descriptor manifestRef = top.manifests().get(0);
    Manifest manifest =
        Manifest.parse(blobBytes(tree, manifestRef.digest()), manifestRef.mediaType());
    JsonNode config = Json.parse(blobBytes(tree, manifest.config().digest()));
    if (!architecture.equals(config.path("architecture").asText())
        || !"linux".equals(config.path("os").asText())) {
      throw new IOException(
          jibTar
              + ": the image config says "
              + config.path("os").asText()
              + "/"
              + config.path("architecture").asText()
              + ", expected linux/"
              + architecture);
    }
    long total = manifestRef.size();
    blobs.put(manifestRef.digest(), blob(tree, manifestRef.digest()));
    for (Descriptor d : manifest.references()) {
      blobs.put(d.digest(), blob(tree, d.digest()));
      total += d.size();
    }
    return new PlatformManifest(architecture, manifestRef, total);
  }

  /**
   * Adds every image of an OCI layout tar that this class wrote (multi-arch indexes listed in
   * {@code index.json} under {@code NAME:TAG}), blobs and all.
   */
  public List<AssembledImage> addLayout(Path layoutTar) throws IOException, BadInputException {
    return addLayout(layoutTar, null);
  }

  /**
   * The same, keeping only the platforms of {@code architectures} (null: all): each image gets a
   * new index naming only those, so a single-architecture cluster carries nothing it cannot run.
   */
  public List<AssembledImage> addLayout(Path layoutTar, java.util.Set<String> architectures)
      throws IOException, BadInputException {
    TarTree tree = TarTree.open(layoutTar);
    opened.add(tree);
    Manifest top = Manifest.parse(document(tree, "index.json"), MediaTypes.OCI_INDEX);
    List<AssembledImage> added = new ArrayList<>();
    for (Descriptor entry : top.manifests()) {
      String ref = entry.annotations().get(REF_NAME);
      int colon = ref == null ? -1 : ref.lastIndexOf(':');
      if (colon < 0) {
        throw new IOException(layoutTar + ": an index.json entry has no " + REF_NAME);
      }
      byte[] indexBytes = blobBytes(tree, entry.digest());
      Manifest index = Manifest.parse(indexBytes, entry.mediaType());
      List<PlatformManifest> platforms = new ArrayList<>();
      ArrayNode kept = Json.MAPPER.createArrayNode();
      for (Descriptor m : index.manifests()) {
        if (architectures != null
            && (m.platform() == null || !architectures.contains(m.platform().architecture()))) {
          continue;
        }
        ObjectNode kept1 = Descriptor.json(m.mediaType(), m.digest(), m.size());
        kept1
            .putObject("platform")
            .put("architecture", m.platform().architecture())
            .put("os", "linux");
        kept.add(kept1);
        Manifest manifest = Manifest.parse(blobBytes(tree, m.digest()), m.mediaType());
        blobs.put(m.digest(), blob(tree, m.digest()));
        long total = m.size();
        for (Descriptor d : manifest.references()) {
          blobs.put(d.digest(), blob(tree, d.digest()));
          total += d.size();
        }
        platforms.add(new PlatformManifest(m.platform().architecture(), m, total));
      }
      Digest indexDigest = entry.digest();
      long indexSize = entry.size();
      if (architectures == null) {
        documents.put(indexDigest, indexBytes);
      } else {
        ObjectNode filtered = Json.MAPPER.createObjectNode();
        filtered.put("schemaVersion", 2);
        filtered.put("mediaType", MediaTypes.OCI_INDEX);
        filtered.set("manifests", kept);
        byte[] bytes = bytes(filtered);
        indexDigest = Digest.sha256(bytes);
        indexSize = bytes.length;
        documents.put(indexDigest, bytes);
      }
      AssembledImage image =
          new AssembledImage(
              ref.substring(0, colon), ref.substring(colon + 1), indexDigest, indexSize, platforms);
      images.add(image);
      added.add(image);
    }
    return added;
  }

  /** Writes the layout tar to {@code target}, which appears only once complete. */
  public void write(Path target) throws IOException {
    ArrayNode entries = Json.MAPPER.createArrayNode();
    for (AssembledImage image : images) {
      ObjectNode d = Descriptor.json(MediaTypes.OCI_INDEX, image.index(), image.indexSize());
      d.putObject("annotations").put(REF_NAME, image.name() + ":" + image.tag());
      entries.add(d);
    }
    ObjectNode index = Json.MAPPER.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    index.set("manifests", entries);
    Path temp = target.resolveSibling(target.getFileName() + ".partial");
    try (TarWriter tar = TarWriter.create(temp, Compression.NONE)) {
      tar.addBytes(
          "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
      tar.addBytes("index.json", bytes(index));
      tar.addDirectory("blobs");
      tar.addDirectory("blobs/sha256");
      TreeMap<Digest, Object> all = new TreeMap<>(blobs);
      all.putAll(documents);
      for (Map.Entry<Digest, Object> e : all.entrySet()) {
        String name = "blobs/sha256/" + e.getKey().hex();
        if (e.getValue() instanceof byte[] doc) {
          tar.addBytes(name, doc);
        } else {
          FileSlice slice = (FileSlice) e.getValue();
          try (InputStream in = slice.open()) {
            tar.addStream(name, slice.size(), in);
          }
        }
      }
    } catch (IOException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
  }

  public List<AssembledImage> images() {
    return List.copyOf(images);
  }

  private static byte[] document(TarTree tree, String path) throws IOException, BadInputException {
    Member m =
        tree.findFile(path).orElseThrow(() -> new IOException(tree.label() + " has no " + path));
    return m.content().readAll(4 << 20);
  }

  private static FileSlice blob(TarTree tree, Digest digest) throws IOException, BadInputException {
    return tree.findFile("blobs/sha256/" + digest.hex())
        .orElseThrow(() -> new IOException(tree.label() + " has no blob " + digest))
        .content();
  }

  private static byte[] blobBytes(TarTree tree, Digest digest)
      throws IOException, BadInputException {
    byte[] bytes = blob(tree, digest).readAll(4 << 20);
    if (!Digest.sha256(bytes).equals(digest)) {
      throw new IOException(tree.label() + ": blob " + digest + " does not match its digest");
    }
    return bytes;
  }

  static byte[] bytes(JsonNode node) {
    try {
      return Json.MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
