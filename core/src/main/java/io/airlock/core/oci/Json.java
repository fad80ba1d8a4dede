package io.airlock.core.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/** The one configured JSON mapper; creating mappers is costly and their settings must agree. */
public final class Json {

  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
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
      // Not I/O: bytes that are not text in the encoding Jackson detected (e.g. a broken UTF-32
      // character), found by fuzzing. Bad input like any other syntax error.
      throw new IllegalArgumentException("not valid JSON (" + e.getMessage() + ")", e);
    }
  }
}
