package io.airlock.core.registry;

import io.airlock.core.Sizes;
import io.airlock.core.progress.Notice;
import io.airlock.core.progress.ProgressListener;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The operator's line when pushes are refused because the storage is full: which directory, what
 * the refused request needed and what the disk has free. At most one every ten seconds: a push
 * refused on a full disk sends several requests, each in the access log already.
 */
final class StorageFullLog {

  static final long EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final ProgressListener listener;
  private final @Nullable Path storage;
  private final AtomicLong nextAllowed = new AtomicLong(System.nanoTime());

  /**
   * @param storage the store's directory, or null when the registry has none (nothing to fill)
   */
  StorageFullLog(ProgressListener listener, @Nullable Path storage) {
    this.listener = listener;
    this.storage = storage;
  }

  /**
   * @param contentLength the request's Content-Length header, or null
   */
  void refused(String method, String uri, @Nullable String contentLength, RegistryException e) {
    long now = System.nanoTime();
    long allowed = nextAllowed.get();
    if (storage == null
        || now - allowed < 0
        || !nextAllowed.compareAndSet(allowed, now + EVERY_NANOS)) {
      return;
    }
    String detail = e.getMessage();
    if (detail.startsWith(RegistryException.STORAGE_FULL)) {
      detail = detail.substring(RegistryException.STORAGE_FULL.length());
    }
    listener.onEvent(
        Notice.warning(
            "Refused "
                + method
                + " "
                + Names.abbreviate(uri)
                + needs(contentLength)
                + ": the registry's storage "
                + storage
                + " is full: "
                + detail
                + ". Pushes run again continue where they stopped."));
  }

  private static String needs(@Nullable String contentLength) {
    try {
      long n = contentLength == null ? 0 : Long.parseLong(contentLength.trim());
      return n > 0 ? " (" + Sizes.human(n) + ")" : "";
    } catch (NumberFormatException e) {
      return "";
    }
  }
}
