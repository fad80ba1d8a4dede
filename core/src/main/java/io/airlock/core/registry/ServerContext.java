package io.airlock.core.registry;

import io.airlock.core.progress.ProgressListener;

/** What every connection's handler shares: the registry, who may do what, counters, the log. */
record ServerContext(
    Registry registry, ServerOptions options, Metrics metrics, ProgressListener listener) {}
