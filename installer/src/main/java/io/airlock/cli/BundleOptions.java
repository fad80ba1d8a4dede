package io.airlock.cli;

import io.airlock.core.BadInputException;
import io.airlock.core.bundle.Bundle;
import io.airlock.core.bundle.BundleOpener;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by every command that opens a bundle. */
final class BundleOptions {

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description =
          "Where compressed bundles are unpacked (once; later runs reuse it)."
              + " Default: $XDG_CACHE_HOME/airlock/bundles or ~/.cache/airlock/bundles.")
  Path workDir;

  Bundle open(Path bundle, ConsoleProgress progress)
      throws BadInputException, InterruptedIOException {
    Path dir = BundleOpener.workDirOrDefault(workDir);
    try {
      return new BundleOpener(dir, progress).open(bundle);
    } finally {
      progress.endLine();
    }
  }
}
