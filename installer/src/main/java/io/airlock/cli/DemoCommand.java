package io.airlock.cli;

import io.airlock.core.AirlockException;
import io.airlock.core.BadInputException;
import io.airlock.core.bundle.Bundle;
import io.airlock.core.bundle.BundleOpener;
import io.airlock.core.oci.ImageRef;
import io.airlock.core.push.PushReport;
import io.airlock.core.registry.LocalRegistry;
import io.airlock.core.sample.SampleBundle;
import io.airlock.core.signing.ThrowawayKey;
import io.airlock.core.verify.VerificationRequest;
import io.airlock.installer.pipeline.InstallOutcome;
import io.airlock.installer.pipeline.InstallPipeline;
import io.airlock.installer.pipeline.InstallRequest;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code airlock demo}: the whole story on one machine. Makes and signs a sample bundle when none
 * is given, verifies it, starts the embedded registry, pushes the bundle into it with live
 * progress, prints how to pull, and serves until Ctrl-C.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs Airlock end to end on this machine: a signed sample bundle (or BUNDLE) is verified,",
      "pushed into the embedded registry on 127.0.0.1:5000 with live progress, and served with",
      "the commands to pull from it until Ctrl-C."
    })
final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "BUNDLE",
      arity = "0..1",
      description = "The bundle to use (default: a fresh, signed sample bundle).")
  Path bundle;

  @Option(
      names = "--key",
      paramLabel = "KEY",
      description =
          "Public key (or directory of keys) that signed BUNDLE; its signature is BUNDLE.sig.")
  Path key;

  @Mixin BundleOptions bundleOptions;

  @Option(
      names = "--listen",
      paramLabel = "ADDR:PORT",
      description = "Address to listen on (default: 127.0.0.1:5000 and [::1]:5000).")
  List<String> listen = new ArrayList<>();

  @Option(
      names = "--exit",
      description = "Stop once the push is done instead of serving until Ctrl-C (for scripts).")
  boolean exitAfterPush;

  @Option(
      names = "--storage",
      paramLabel = "DIR",
      description = "Registry storage (default: a temporary directory, removed on exit).")
  Path storage;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path scratch = Files.createTempDirectory("airlock-demo");
    try {
      return run(out, err, scratch);
    } finally {
      deleteTree(scratch); // the sample bundle, its throwaway key and the demo registry's storage
    }
  }

  private int run(PrintWriter out, PrintWriter err, Path scratch) throws Exception {
    ConsoleProgress progress = new ConsoleProgress(err, false);
    Path bundlePath = bundle;
    Path keys = key;
    if (bundlePath == null) {
      bundlePath = scratch.resolve("airlock-sample-bundle.tar");
      step(out, "Making a sample bundle, " + bundlePath + ", and signing it with a throwaway key");
      SampleBundleCommand.sample(SampleBundle.Options.defaults(), progress, true).write(bundlePath);
      progress.endLine();
      keys = signWithThrowawayKey(bundlePath, scratch, progress);
    } else {
      step(out, "Using the bundle " + bundlePath);
    }
    VerificationRequest.Builder verify =
        VerificationRequest.builder().subject(bundlePath).contents(true).workDir(workDir());
    if (keys != null) {
      verify.keys(keys);
    } else {
      Messages.printWarning(
          err,
          "no --key given: the signature of " + bundlePath + " is not checked, only its contents.");
    }
    Path storeDir = storage != null ? storage : scratch.resolve("registry");
    InstallRequest request =
        new InstallRequest(
            bundlePath,
            null,
            new InstallRequest.Trust.Check(verify.build()),
            new InstallRequest.Destination.Embedded(storeDir, Serving.addresses(listen), null),
            null,
            workDir(),
            null,
            InstallRequest.PushTuning.defaults(),
            InstallRequest.Charts.NONE);
    InstallPipeline pipeline = InstallPipeline.of(request);
    InstallOutcome outcome;
    try (InstallConsole console = new InstallConsole(out, err)) {
      outcome = pipeline.run(console);
    } catch (Exception e) {
      if (pipeline.embeddedRegistry() != null) {
        pipeline.embeddedRegistry().close();
      }
      throw e;
    }
    if (pipeline.state().verification() != null) {
      VerifyCommand.printHuman(pipeline.state().verification(), out);
    }
    try (LocalRegistry local = pipeline.embeddedRegistry()) {
      PushReport pushed = outcome.pushed();
      String host = local.host();
      out.printf(
          Locale.ROOT,
          "   pushed %d artifacts, %d blobs uploaded, %d mounted, in %.1f s%n",
          pushed.artifacts().size(),
          pushed.blobsUploaded(),
          pushed.blobsMounted(),
          pushed.elapsed().toMillis() / 1000.0);
      printPullCommands(out, pushed, host, pipeline.state().bundle());
      if (exitAfterPush) {
        out.println("Stopping (--exit).");
        out.flush();
        return ExitCodes.OK;
      }
      out.println("Press Ctrl-C to stop.");
      out.flush();
      return Serving.runUntilInterrupted(local.server(), err);
    }
  }

  private static void printPullCommands(
      PrintWriter out, PushReport pushed, String host, Bundle opened)
      throws BadInputException, InterruptedIOException {
    out.println();
    out.println("Pull from it (plain HTTP, loopback only):");
    String firstImage = null;
    for (PushReport.Pushed p : pushed.artifacts()) {
      if (p.kind().equals("chart")) {
        int colon = p.targetRef().lastIndexOf(':');
        out.println(
            "  helm pull --plain-http oci://"
                + p.targetRef().substring(0, colon)
                + " --version "
                + p.targetRef().substring(colon + 1));
      } else if (p.kind().equals("image")) {
        firstImage = firstImage == null ? p.targetRef() : firstImage;
        out.println("  skopeo inspect --tls-verify=false docker://" + p.targetRef());
      }
    }
    if (firstImage != null) {
      String upstream = ImageRef.parse(opened.images().get(0).ref()).registry();
      out.println("  ctr image pull --plain-http " + firstImage);
      out.println(
          "  (a containerd mirror for "
              + upstream
              + " would point at http://"
              + host
              + "/v2/"
              + upstream
              + " with override_path; see airlock mirrors)");
    }
    out.println();
  }

  private Path workDir() {
    return BundleOpener.workDirOrDefault(bundleOptions.workDir);
  }

  /**
   * Signs the sample as a vendor would sign a real bundle, so the demo shows the real check. A real
   * bundle is verified with its vendor's key instead (--key).
   */
  private static Path signWithThrowawayKey(Path file, Path scratch, ConsoleProgress progress)
      throws IOException, AirlockException {
    return ThrowawayKey.sign(file, scratch.resolve("demo-signer").toString(), progress);
  }

  private static void step(PrintWriter out, String text) {
    out.println(text);
    out.flush();
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory; the system cleans it eventually
    }
  }
}
