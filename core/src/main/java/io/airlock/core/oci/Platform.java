package io.airlock.core.oci;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** An image's platform as in {@code linux/arm64/v8}. */
public record Platform(String os, String architecture, @Nullable String variant) {

  /** Reads the {@code os}, {@code architecture} and {@code variant} fields, if present. */
  public static Optional<Platform> from(JsonNode node) {
    if (node == null || !node.hasNonNull("os") || !node.hasNonNull("architecture")) {
      return Optional.empty();
    }
    String variant = node.hasNonNull("variant") ? node.get("variant").asText() : null;
    return Optional.of(
        new Platform(node.get("os").asText(), node.get("architecture").asText(), variant));
  }

  /** Build tools tag attestation manifests in an index as unknown/unknown. */
  public boolean isUnknown() {
    return "unknown".equals(os) && "unknown".equals(architecture);
  }

  @Override
  public String toString() {
    return os + "/" + architecture + (variant == null || variant.isEmpty() ? "" : "/" + variant);
  }
}
