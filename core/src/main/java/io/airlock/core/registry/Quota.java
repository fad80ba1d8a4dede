package io.airlock.core.registry;

import io.airlock.core.Sizes;
import java.util.concurrent.atomic.AtomicLong;

/** How many bytes the store holds, against an optional cap ({@code --max-storage}). */
final class Quota {

  private final long max;
  private final AtomicLong used;

  /**
   * @param max the most the store may hold, or 0 for no cap
   * @param used what it holds now
   */
  Quota(long max, long used) {
    this.max = max;
    this.used = new AtomicLong(used);
  }

  /** Claims room for {@code bytes} more, or refuses with the spec's error for a full store. */
  void reserve(long bytes) throws RegistryException {
    if (max <= 0) {
      used.addAndGet(bytes);
      return;
    }
    long now;
    do {
      now = used.get();
      if (now + bytes > max) {
        throw RegistryException.storageFull(
            "it holds "
                + Sizes.human(now)
                + " of its "
                + Sizes.human(max)
                + " cap; the registry's operator can remove unreferenced content or raise the cap");
      }
    } while (!used.compareAndSet(now, now + bytes));
  }

  void release(long bytes) {
    used.addAndGet(-bytes);
  }

  long used() {
    return used.get();
  }

  long max() {
    return max;
  }
}
