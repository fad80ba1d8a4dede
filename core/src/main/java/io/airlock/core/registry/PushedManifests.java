package io.airlock.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.airlock.core.oci.Json;
import io.airlock.core.oci.Manifest;
import io.airlock.core.oci.MediaTypes;

/** Reading a manifest a client pushes: its media type (header and body agree), its parse. */
final class PushedManifests {

  private PushedManifests() {}

  /**
   * The manifest's media type: its mediaType field, else a meaningful Content-Type, else a guess.
   */
  static String mediaTypeOf(byte[] bytes, String contentType) throws RegistryException {
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
  static Manifest parse(byte[] bytes, String mediaType) throws RegistryException {
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
