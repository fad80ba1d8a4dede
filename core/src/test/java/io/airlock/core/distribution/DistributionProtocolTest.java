package io.airlock.core.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The small protocol details: challenges, ranges, Retry-After, backoff, error bodies. */
class DistributionProtocolTest {

  @Test
  void parsesBearerAndBasicChallenges() {
    AuthChallenge bearer =
        AuthChallenge.parse(
                "Bearer realm=\"https://auth.example/token\",service=\"registry.example\","
                    + "scope=\"repository:a/b:pull,push repository:c:pull\"")
            .orElseThrow();
    assertTrue(bearer.isBearer());
    assertEquals("https://auth.example/token", bearer.param("realm").orElseThrow());
    assertEquals("registry.example", bearer.param("service").orElseThrow());
    assertEquals("repository:a/b:pull,push repository:c:pull", bearer.param("scope").orElseThrow());
    assertTrue(AuthChallenge.parse("Basic realm=\"Registry Realm\"").orElseThrow().isBasic());
    assertTrue(AuthChallenge.parse("Negotiate abc").isEmpty());
  }

  @Test
  void rangeHeaderGivesTheNextOffset() {
    assertEquals(1235, UploadUrls.endOfRange("0-1234"));
    assertEquals(1235, UploadUrls.endOfRange("bytes=0-1234"));
    assertEquals(0, UploadUrls.endOfRange("0-0"));
    assertEquals(0, UploadUrls.endOfRange("garbage"));
  }

  @Test
  void retryAfterInSecondsOrAsADateAndCappedBackoff() {
    assertEquals(Optional.of(Duration.ofSeconds(7)), RetryPolicy.parseRetryAfter("7"));
    assertTrue(RetryPolicy.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT").orElseThrow().isZero());
    assertTrue(RetryPolicy.parseRetryAfter("soon").isEmpty());
    RetryPolicy p =
        new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(1000), Duration.ofSeconds(1));
    assertEquals(Duration.ofMillis(1000), p.delay(1, Optional.of("30")), "Retry-After, capped");
    for (int attempt = 1; attempt <= 8; attempt++) {
      long ms = p.delay(attempt, Optional.empty()).toMillis();
      long cap = Math.min(1000, 100L << (attempt - 1));
      assertTrue(ms >= cap / 2 && ms <= cap, "attempt " + attempt + ": " + ms);
    }
    assertTrue(RetryPolicy.isRetryableStatus(429) && RetryPolicy.isRetryableStatus(503));
    assertTrue(!RetryPolicy.isRetryableStatus(400) && !RetryPolicy.isRetryableStatus(501));
    assertFalse(RetryPolicy.isRetryableStatus(507), "a full storage does not empty itself");
  }

  @Test
  void readsRegistryErrorBodies() {
    var errors =
        RegistryError.parse(
            "{\"errors\":[{\"code\":\"MANIFEST_BLOB_UNKNOWN\",\"message\":\"blob unknown\",\"detail\":{\"digest\":\"sha256:x\"}}]}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals("MANIFEST_BLOB_UNKNOWN", errors.get(0).code());
    assertEquals(
        "MANIFEST_BLOB_UNKNOWN: blob unknown ({\"digest\":\"sha256:x\"})",
        errors.get(0).toString());
    assertTrue(
        RegistryError.parse("<html>".getBytes(java.nio.charset.StandardCharsets.UTF_8)).isEmpty());
  }

  @Test
  void credentialsNeverPrintTheirPassword() {
    assertEquals(
        "Credentials[username=u, password=***]", new Credentials("u", "secret").toString());
  }
}
