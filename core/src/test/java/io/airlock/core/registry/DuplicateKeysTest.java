package io.airlock.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.testing.EmbeddedRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A client's manifest with a key written twice is refused: readers would disagree on it. */
class DuplicateKeysTest {

  @AutoClose static EmbeddedRegistry registry;

  @BeforeAll
  static void start() {
    registry = EmbeddedRegistry.start();
  }

  @Test
  void manifestWithADuplicateKeyIsRefused() {
    String index = "application/vnd.oci.image.index.v1+json";
    String twice =
        "{\"schemaVersion\":2,\"mediaType\":\"" + index + "\",\"manifests\":[],\"manifests\":[]}";
    Http.Response r =
        new Http(registry.url())
            .put(
                "/v2/dup/manifests/latest",
                twice.getBytes(StandardCharsets.UTF_8),
                "Content-Type",
                index);
    assertEquals(400, r.status(), r.text());
    assertEquals(List.of("MANIFEST_INVALID"), r.errorCodes());
    assertTrue(r.text().contains("Duplicate field 'manifests'"), r.text());
  }
}
