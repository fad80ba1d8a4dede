package io.airlock.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.airlock.core.digest.Digest;
import io.airlock.core.oci.Descriptor;
import io.airlock.core.oci.Json;
import io.airlock.core.oci.Manifest;
import io.airlock.core.oci.MediaTypes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The checks a manifest a client pushes passes before it is stored: its size, its digest (the one
 * the URL names), its media type (header and body agree), its parse, and every blob and manifest it
 * references already in the repository (manifests only after their blobs).
 */
final class PushedManifests {

  /** Whether the repository holds a manifest or blob of this digest. */
  @FunctionalInterface
  interface Presence {
    boolean has(Digest digest) throws IOException;
  }

  private PushedManifests() {}

  static RegistryException tooLarge(long size) {
    return new RegistryException(
        ErrorCode.MANIFEST_INVALID,
        413,
        "manifest of "
            + size
            + " bytes is larger than the "
            + Registry.MAX_MANIFEST_BYTES
            + "-byte limit");
  }

  /**
   * The digest of a manifest pushed by {@code reference}: a valid tag (the bytes' SHA-256) or the
   * digest the bytes must hash to.
   */
  static Digest digestOf(String reference, byte[] bytes) throws RegistryException {
    if (!Names.isDigest(reference)) {
      if (!Names.isValidTag(reference)) {
        throw new RegistryException(
            ErrorCode.MANIFEST_INVALID,
            "invalid tag '"
                + Names.abbreviate(reference)
                + "': up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'");
      }
      return Digest.sha256(bytes);
    }
    Digest expected = Names.parseDigest(reference);
    Digest digest =
        Digest.of(expected.algorithm(), expected.algorithm().newMessageDigest().digest(bytes));
    if (!expected.equals(digest)) {
      throw new RegistryException(
          ErrorCode.DIGEST_INVALID,
          "the manifest hashes to " + digest + ", not to " + expected + " named in the URL");
    }
    return digest;
  }

  /** Refuses a manifest that references a manifest or blob the repository does not have. */
  static void checkReferences(String repo, Manifest m, Presence manifests, Presence blobs)
      throws RegistryException, IOException {
    for (Descriptor child : m.manifests()) {
      if (!manifests.has(child.digest())) {
        throw new RegistryException(
            ErrorCode.MANIFEST_BLOB_UNKNOWN,
            "the index references manifest "
                + child.digest()
                + ", which repository "
                + repo
                + " does not have; push it first");
      }
    }
    List<Descriptor> referenced = new ArrayList<>();
    if (m.config() != null) {
      referenced.add(m.config());
    }
    referenced.addAll(m.layers());
    for (Descriptor d : referenced) {
      if (!isForeign(d.mediaType()) && !blobs.has(d.digest())) {
        throw new RegistryException(
            ErrorCode.MANIFEST_BLOB_UNKNOWN,
            "the manifest references blob "
                + d.digest()
                + ", which repository "
                + repo
                + " does not have; push it first");
      }
    }
  }

  /**
   * The manifest's media type: its mediaType field, else a meaningful Content-Type, else a guess.
   */
  static String mediaTypeOf(byte[] bytes, @Nullable String contentType) throws RegistryException {
    JsonNode root;
    try {
      root = Json.parse(bytes);
    } catch (IllegalArgumentException e) {
      throw new RegistryException(ErrorCode.MANIFEST_INVALID, "manifest is " + e.getMessage());
    }
    if (!root.isObject()) {
      throw new RegistryException(ErrorCode.MANIFEST_INVALID, "manifest is not a JSON object");
    }
    String header = contentType == null ? "" : contentType.split(";", 2)[0].trim();
    if (header.equals("application/octet-stream") || header.equals("application/json")) {
      header = "";
    }
    String body = root.hasNonNull("mediaType") ? root.get("mediaType").asText() : null;
    if (body != null && !header.isEmpty() && !body.equals(header)) {
      throw new RegistryException(
          ErrorCode.MANIFEST_INVALID,
          "Content-Type " + header + " does not match the manifest's mediaType " + body);
    }
    if (body != null) {
      return body;
    }
    if (!header.isEmpty()) {
      return header;
    }
    return root.has("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
  }

  /** Parses manifests and indexes; other artifact types are stored as they are (null). */
  static @Nullable Manifest parse(byte[] bytes, String mediaType) throws RegistryException {
    boolean known = MediaTypes.isManifestOrIndex(mediaType);
    try {
      return Manifest.parse(bytes, mediaType);
    } catch (IllegalArgumentException e) {
      if (known || MediaTypes.DOCKER_SCHEMA1.equals(mediaType)) {
        throw new RegistryException(ErrorCode.MANIFEST_INVALID, "manifest " + e.getMessage());
      }
      return null;
    }
  }

  /** Layers the spec lets registries skip: Windows base layers and other non-distributable ones. */
  static boolean isForeign(String mediaType) {
    return mediaType.contains("foreign") || mediaType.contains("nondistributable");
  }
}
