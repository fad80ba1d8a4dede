package io.airlock.cli;

import io.airlock.core.Sizes;
import io.airlock.core.digest.Digest;
import io.airlock.core.registry.DiskStore;
import io.airlock.core.registry.GarbageCollector;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code airlock registry}: housekeeping of the embedded registry's storage. */
@Command(
    name = "registry",
    mixinStandardHelpOptions = true,
    description = "Housekeeping of the storage of 'airlock serve'.",
    subcommands = {RegistryCommand.Gc.class})
final class RegistryCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code airlock registry gc}. */
  @Command(
      name = "gc",
      mixinStandardHelpOptions = true,
      description = {
        "Removes blobs that no manifest references (after manifests were deleted or pushed",
        "over) and upload sessions left idle. Stop 'airlock serve' on the storage first."
      })
  static final class Gc implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
        names = "--storage",
        required = true,
        paramLabel = "DIR",
        description = "The storage of 'airlock serve'.")
    Path storage;

    @Option(names = "--dry-run", description = "Only report what would be removed.")
    boolean dryRun;

    @Option(
        names = "--upload-max-age",
        paramLabel = "HOURS",
        defaultValue = "24",
        description = "Remove upload sessions idle this long (default: 24).")
    long uploadMaxAgeHours;

    @Override
    public Integer call() throws Exception {
      if (!Files.isDirectory(storage.resolve("blobs"))) {
        throw new io.airlock.core.BadInputException(
            storage + " is not the storage of an Airlock registry (it has no blobs/).",
            "Give the --storage directory 'airlock serve' used.");
      }
      PrintWriter out = spec.commandLine().getOut();
      try (DiskStore store = DiskStore.open(storage, 0)) {
        GarbageCollector.Result r =
            new GarbageCollector(store, Duration.ofHours(uploadMaxAgeHours)).collect(dryRun);
        for (Digest d : r.blobsRemoved()) {
          out.println((dryRun ? "would remove " : "removed ") + d);
        }
        out.println(
            (dryRun ? "Would remove " : "Removed ")
                + r.blobsRemoved().size()
                + " unreferenced blob(s), "
                + Sizes.human(r.bytesFreed())
                + ", and "
                + r.uploadsRemoved()
                + " idle upload(s); "
                + r.manifestsKept()
                + " manifest(s) kept.");
      }
      out.flush();
      return ExitCodes.OK;
    }
  }
}
