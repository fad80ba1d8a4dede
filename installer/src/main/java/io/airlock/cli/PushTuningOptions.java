package io.airlock.cli;

import io.airlock.core.BadInputException;
import picocli.CommandLine.Option;

/** How a command that pushes works the registry: blobs in flight, retries of a failed request. */
final class PushTuningOptions {

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "6",
      description = "Blobs in flight at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--retries",
      paramLabel = "N",
      defaultValue = "3",
      description =
          "Retries of a failed request, with backoff; honours Retry-After (default:"
              + " ${DEFAULT-VALUE}).")
  int retries;

  /** Refuses values outside what the push engine takes. */
  void check() throws BadInputException {
    if (concurrency < 1 || concurrency > 64) {
      throw new BadInputException(
          "--concurrency must be between 1 and 64, not " + concurrency + ".");
    }
    if (retries < 0 || retries > 20) {
      throw new BadInputException("--retries must be between 0 and 20, not " + retries + ".");
    }
  }
}
