package io.airlock.core.distribution;

import java.time.Duration;

/** Told about each retry, so users see why a push slows down. */
@FunctionalInterface
public interface RetryListener {

  RetryListener NONE = (action, attempt, maxAttempts, delay, reason) -> {};

  /**
   * @param attempt the retry about to happen, 1 for the first
   * @param maxAttempts how many retries are allowed
   * @param reason why the last try failed
   */
  void retrying(String action, int attempt, int maxAttempts, Duration delay, String reason);
}
