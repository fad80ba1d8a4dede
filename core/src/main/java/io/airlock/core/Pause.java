package io.airlock.core;

import java.time.Duration;

/**
 * The one way core waits (a retry's back-off, a drain's poll): interruptible, so Ctrl-C ends a wait
 * at once, and in one place the build can hold every other {@code Thread.sleep} out of.
 */
public final class Pause {

  private Pause() {}

  /** Waits {@code delay}; a negative or zero delay returns at once. */
  @SuppressForbidden("the one sanctioned wait")
  public static void of(Duration delay) throws InterruptedException {
    if (!delay.isNegative() && !delay.isZero()) {
      Thread.sleep(delay.toMillis());
    }
  }
}
