package io.airlock.core.distribution;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a request again: connection errors, 429 and 5xx, with exponential backoff and full
 * jitter, honouring the registry's {@code Retry-After}.
 *
 * @param retries how many times to try again after the first failure
 * @param baseDelay the delay before the first retry; doubles each time
 * @param maxDelay no wait is longer than this, whatever Retry-After says
 * @param stallTimeout a request that makes no progress this long counts as a broken connection
 */
public record RetryPolicy(
    int retries, Duration baseDelay, Duration maxDelay, Duration stallTimeout) {

  public RetryPolicy {
    if (retries < 0) {
      throw new IllegalArgumentException("retries must not be negative");
    }
  }

  public static RetryPolicy defaults() {
    return new RetryPolicy(
        3, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(60));
  }

  public RetryPolicy withRetries(int n) {
    return new RetryPolicy(n, baseDelay, maxDelay, stallTimeout);
  }

  static boolean isRetryableStatus(int status) {
    return status == 429
        || status == 408
        || (status >= 500
            && status != 501
            && status != 505
            && status != RegistryFailure.INSUFFICIENT_STORAGE);
  }

  /** The wait before retry number {@code attempt} (1 for the first retry). */
  public Duration delay(int attempt, Optional<String> retryAfter) {
    Optional<Duration> asked = retryAfter.flatMap(RetryPolicy::parseRetryAfter);
    if (asked.isPresent()) {
      return min(asked.get(), maxDelay);
    }
    long cap = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(attempt - 1, 20));
    // Full jitter spreads retries of many parallel uploads so they do not hit the registry at once.
    long jittered = cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1);
    return Duration.ofMillis(jittered);
  }

  static Optional<Duration> parseRetryAfter(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String v = value.trim();
    try {
      long seconds = Long.parseLong(v);
      return Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime when = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(ZonedDateTime.now(when.getZone()), when);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
