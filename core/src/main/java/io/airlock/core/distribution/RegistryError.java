package io.airlock.core.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import io.airlock.core.oci.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a registry's error body, {@code {"errors":[{"code":"MANIFEST_BLOB_UNKNOWN",
 * "message":"...","detail":...}]}}, as the distribution spec defines it.
 */
public record RegistryError(String code, String message, @Nullable String detail) {

  /** The errors in a response body; empty when the body is not such a document. */
  static List<RegistryError> parse(byte[] body) {
    if (body == null || body.length == 0) {
      return List.of();
    }
    JsonNode root;
    try {
      root = Json.parse(body);
    } catch (RuntimeException e) {
      return List.of();
    }
    List<RegistryError> errors = new ArrayList<>();
    for (JsonNode e : root.path("errors")) {
      JsonNode detail = e.get("detail");
      errors.add(
          new RegistryError(
              e.path("code").asText(""),
              e.path("message").asText(""),
              detail == null || detail.isNull()
                  ? null
                  : detail.isTextual() ? detail.asText() : detail.toString()));
    }
    return errors;
  }

  /** A short excerpt of a body that is not an error document, for messages. */
  static String excerpt(byte[] body) {
    if (body == null || body.length == 0) {
      return "";
    }
    String s = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).strip();
    return s.replaceAll("\\s+", " ");
  }

  @Override
  public String toString() {
    return code
        + (message.isEmpty() ? "" : ": " + message)
        + (detail == null ? "" : " (" + detail + ")");
  }
}
