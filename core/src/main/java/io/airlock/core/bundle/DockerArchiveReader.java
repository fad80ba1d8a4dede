package io.airlock.core.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airlock.core.BadInputException;
import io.airlock.core.archive.ArchiveTree;
import io.airlock.core.archive.FileSlice;
import io.airlock.core.archive.InlineContent;
import io.airlock.core.archive.Member;
import io.airlock.core.archive.MemberPaths;
import io.airlock.core.digest.Digest;
import io.airlock.core.oci.ImageRef;
import io.airlock.core.oci.Json;
import io.airlock.core.oci.MediaTypes;
import io.airlock.core.oci.Platform;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a docker-archive (docker save, skopeo's docker-archive transport). Such an archive holds no
 * manifest, so one is made exactly as skopeo makes it (Docker schema 2, layers by diff ID), and the
 * digest Airlock reports is the digest {@code skopeo inspect --raw} reports.
 */
final class DockerArchiveReader {

  private DockerArchiveReader() {}

  static boolean isDockerArchive(ArchiveTree tree, String prefix) throws BadInputException {
    return tree.findFile(MemberPaths.join(prefix, "manifest.json")).isPresent();
  }

  static List<FoundImage> read(ArchiveTree tree, String prefix, String source, BundleIndex index)
      throws BadInputException {
    String manifestPath = MemberPaths.join(prefix, "manifest.json");
    Member manifestMember =
        tree.findFile(manifestPath)
            .orElseThrow(() -> new BadInputException(tree.where(manifestPath) + " is missing."));
    JsonNode entries =
        Documents.json(
            Documents.read(manifestMember.fileContent(), tree.where(manifestPath)),
            tree.where(manifestPath));
    if (!entries.isArray() || entries.isEmpty()) {
      throw new BadInputException(
          tree.where(manifestPath)
              + " lists no images; a docker-archive's manifest.json is a"
              + " list of {Config, RepoTags, Layers}.");
    }
    RefGuess guess = RefGuess.fromSource(source);
    List<FoundImage> found = new ArrayList<>();
    for (JsonNode entry : entries) {
      found.addAll(readImage(tree, prefix, source, entry, guess, index));
    }
    return found;
  }

  private static List<FoundImage> readImage(
      ArchiveTree tree,
      String prefix,
      String source,
      JsonNode entry,
      RefGuess guess,
      BundleIndex index)
      throws BadInputException {
    String configPath = MemberPaths.join(prefix, entry.path("Config").asText());
    FileSlice config = file(tree, configPath, source);
    byte[] configBytes = Documents.read(config, "config " + tree.where(configPath));
    Digest configDigest = Digest.sha256(configBytes);
    JsonNode configJson = Documents.json(configBytes, "config " + tree.where(configPath));
    JsonNode diffIds = configJson.path("rootfs").path("diff_ids");
    JsonNode layers = entry.path("Layers");
    if (!layers.isArray() || layers.size() != diffIds.size()) {
      throw new BadInputException(
          "Image config "
              + tree.where(configPath)
              + " lists "
              + diffIds.size()
              + " layers but manifest.json of "
              + source
              + " lists "
              + layers.size()
              + ".",
          "The archive is damaged; export the image again.");
    }
    index.addBlob(configDigest, config);
    Set<Digest> blobs = new LinkedHashSet<>();
    blobs.add(configDigest);
    ObjectNode manifest = Json.MAPPER.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MediaTypes.DOCKER_MANIFEST);
    manifest.set("config", descriptor(MediaTypes.DOCKER_CONFIG, configBytes.length, configDigest));
    ArrayNode layerArray = manifest.putArray("layers");
    for (int i = 0; i < layers.size(); i++) {
      String layerPath = MemberPaths.join(prefix, layers.get(i).asText());
      FileSlice layer = file(tree, layerPath, source);
      Digest diffId;
      try {
        diffId = Digest.parse(diffIds.get(i).asText());
      } catch (IllegalArgumentException e) {
        throw new BadInputException(
            "Image config "
                + tree.where(configPath)
                + " has a malformed diff_id: "
                + e.getMessage()
                + ".");
      }
      // Uncompressed layers are named by diff ID, as skopeo names them.
      layerArray.add(descriptor(MediaTypes.DOCKER_LAYER_GZIP, layer.size(), diffId));
      index.addBlob(diffId, layer);
      blobs.add(diffId);
    }
    byte[] manifestBytes;
    try {
      manifestBytes = Json.MAPPER.writeValueAsBytes(manifest);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    Digest digest = Digest.sha256(manifestBytes);
    index.addBlob(digest, new InlineContent(manifestBytes));
    blobs.add(digest);
    List<String> platforms =
        Platform.from(configJson).map(p -> List.of(p.toString())).orElse(List.of());
    long size = blobs.stream().mapToLong(d -> index.blob(d).size()).sum();

    List<FoundImage> images = new ArrayList<>();
    JsonNode tags = entry.path("RepoTags");
    for (JsonNode tag : tags) {
      String ref;
      try {
        ref = ImageRef.parse(tag.asText()).toString();
      } catch (IllegalArgumentException e) {
        throw new BadInputException(
            source + " names an image '" + tag.asText() + "', which is not a valid reference.");
      }
      images.add(
          new FoundImage(
              new BundleImage(
                  ref, false, digest, MediaTypes.DOCKER_MANIFEST, platforms, size, source, blobs),
              tag.asText()));
    }
    if (images.isEmpty()) {
      images.add(
          new FoundImage(
              new BundleImage(
                  guess.ref(),
                  true,
                  digest,
                  MediaTypes.DOCKER_MANIFEST,
                  platforms,
                  size,
                  source,
                  blobs),
              null));
    }
    return images;
  }

  private static ObjectNode descriptor(String mediaType, long size, Digest digest) {
    // Field order as skopeo writes it, so the synthesised manifest hashes the same.
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("mediaType", mediaType);
    node.put("size", size);
    node.put("digest", digest.toString());
    return node;
  }

  private static FileSlice file(ArchiveTree tree, String path, String source)
      throws BadInputException {
    return tree.findFile(path)
        .map(Member::content)
        .orElseThrow(
            () ->
                new BadInputException(
                    source + " is incomplete: " + tree.where(path) + " is missing.",
                    "The archive is damaged; export the image again."));
  }
}
