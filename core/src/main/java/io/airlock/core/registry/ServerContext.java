package io.airlock.core.registry;

import io.airlock.core.progress.ProgressListener;

/**
 * What every connection's handler shares: the registry, who may do what, counters, the log, and the
 * line an operator gets when the storage is full.
 */
record ServerContext(
    Registry registry,
    ServerOptions options,
    Metrics metrics,
    ProgressListener listener,
    StorageFullLog storageFull) {

  ServerContext(
      Registry registry, ServerOptions options, Metrics metrics, ProgressListener listener) {
    this(
        registry,
        options,
        metrics,
        listener,
        new StorageFullLog(listener, registry.storageRoot().orElse(null)));
  }
}
