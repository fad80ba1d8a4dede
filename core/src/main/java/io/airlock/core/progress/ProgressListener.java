package io.airlock.core.progress;

/**
 * Receives progress events, on the thread doing the work. Implementations must return quickly:
 * renderers throttle and hand off, they never block the transfer.
 */
@FunctionalInterface
public interface ProgressListener {

  ProgressListener NONE = event -> {};

  void onEvent(ProgressEvent event);
}
