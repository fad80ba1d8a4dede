package io.airlock.core.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import io.airlock.core.BadInputException;
import io.airlock.core.archive.ContentSource;
import io.airlock.core.archive.InputLimits;
import io.airlock.core.archive.LimitExceededException;
import io.airlock.core.digest.Digest;
import io.airlock.core.oci.Json;
import io.airlock.core.oci.Manifest;
import java.io.IOException;
import java.io.InputStream;

/** Reads the small JSON documents of a bundle (manifests, configs) with messages naming them. */
final class Documents {

  /** Registries refuse manifests above 4 MiB; configs are far smaller in practice. */
  static final int MAX_DOCUMENT = InputLimits.MAX_DOCUMENT;

  private Documents() {}

  static byte[] read(ContentSource content, String what) throws BadInputException {
    if (content.size() > MAX_DOCUMENT) {
      throw new LimitExceededException(
          capitalize(what)
              + " is "
              + content.size()
              + " bytes, too large for a manifest or config (the limit"
              + " is "
              + MAX_DOCUMENT
              + ", as registries have).",
          InputLimits.Limit.DOCUMENT_SIZE,
          MAX_DOCUMENT);
    }
    try (InputStream in = content.open()) {
      return in.readNBytes((int) content.size());
    } catch (IOException e) {
      throw new BadInputException("Cannot read " + what + ": " + e.getMessage(), null, e);
    }
  }

  /** Reads a document and checks it against the digest that names it. */
  static byte[] readChecked(ContentSource content, Digest digest, String what)
      throws BadInputException {
    byte[] bytes = read(content, what);
    Digest actual =
        Digest.of(digest.algorithm(), digest.algorithm().newMessageDigest().digest(bytes));
    if (!actual.equals(digest)) {
      throw new BadInputException(
          capitalize(what)
              + " does not match its digest "
              + digest
              + ": its content hashes to "
              + actual
              + ".",
          "The bundle is damaged or was altered; get it again from its vendor.");
    }
    return bytes;
  }

  static Manifest manifest(byte[] bytes, String mediaType, String what) throws BadInputException {
    try {
      return Manifest.parse(bytes, mediaType);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(capitalize(what) + " is malformed: " + e.getMessage() + ".");
    }
  }

  static JsonNode json(byte[] bytes, String what) throws BadInputException {
    try {
      return Json.parse(bytes);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(capitalize(what) + " is malformed: " + e.getMessage() + ".");
    }
  }

  static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
