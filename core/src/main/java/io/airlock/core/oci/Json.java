package io.airlock.core.oci;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.airlock.core.SuppressForbidden;
import java.io.IOException;

/** The one configured JSON mapper; creating mappers is costly and their settings must agree. */
@SuppressForbidden("the one mapper's factory")
public final class Json {

  /** Nesting of objects and arrays; OCI documents and Kubernetes objects need far fewer. */
  public static final int MAX_NESTING = 100;

  public static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
                  .build())
          // A key written twice is refused: two readers must never see different documents.
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private Json() {}

  /**
   * Parses a JSON document.
   *
   * @throws IllegalArgumentException with the parser's short explanation
   */
  public static JsonNode parse(byte[] bytes) {
    try {
      JsonNode node = MAPPER.readTree(bytes);
      if (node == null || node.isMissingNode()) {
        throw new IllegalArgumentException("empty, not a JSON document");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON (" + e.getOriginalMessage() + ")", e);
    } catch (IOException e) {
      // Bytes that are no Unicode text (CharConversionException): bad input, not an I/O failure.
      throw new IllegalArgumentException("not valid JSON (" + e.getMessage() + ")", e);
    }
  }
}
