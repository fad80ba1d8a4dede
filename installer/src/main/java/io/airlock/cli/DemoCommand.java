package io.airlock.cli;

import io.airlock.core.bundle.Bundle;
import io.airlock.core.registry.BundleContent;
import io.airlock.core.registry.DiskStore;
import io.airlock.core.registry.ListenAddress;
import io.airlock.core.registry.Registry;
import io.airlock.core.registry.RegistryServer;
import io.airlock.core.registry.ServerOptions;
import io.airlock.core.sample.SampleBundle;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code airlock demo}: the whole story on one machine. Makes a sample bundle when none is given,
 * verifies it, starts the embedded registry, puts the bundle's images and charts into it, prints
 * how to pull, and serves until Ctrl-C.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs Airlock end to end on this machine: a sample bundle (or BUNDLE), verified,",
      "served by the embedded registry on 127.0.0.1:5000, with the commands to pull from it.",
      "Serves until Ctrl-C."
    })
final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "BUNDLE",
      arity = "0..1",
      description = "The bundle to use (default: a fresh sample bundle).")
  Path bundle;

  @Mixin BundleOptions bundleOptions;

  @Option(
      names = "--listen",
      paramLabel = "ADDR:PORT",
      description = "Address to listen on (default: 127.0.0.1:5000 and [::1]:5000).")
  List<String> listen = new ArrayList<>();

  @Option(
      names = "--storage",
      paramLabel = "DIR",
      description = "Registry storage (default: a temporary directory).")
  Path storage;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ConsoleProgress progress = new ConsoleProgress(err, false);
    Path scratch = Files.createTempDirectory("airlock-demo");
    try {
      return run(out, err, progress, scratch);
    } finally {
      deleteTree(scratch); // the sample bundle and the demo registry's storage
    }
  }

  private int run(PrintWriter out, PrintWriter err, ConsoleProgress progress, Path scratch)
      throws Exception {
    Path bundlePath = bundle;
    if (bundlePath == null) {
      bundlePath = scratch.resolve("sample-bundle");
      out.println("1. Making a sample bundle in " + bundlePath + " ...");
      out.flush();
      new SampleBundle(SampleBundle.Options.defaults(), progress).write(bundlePath);
      progress.endLine();
    }
    Bundle opened = bundleOptions.open(bundlePath, progress);
    out.println("2. Verifying " + bundlePath + " ...");
    // LEAD: wire bundle verification here after merging the verify engine (signature, digests of
    // every blob); stop with its exit code when it fails. Until then the bundle is only indexed.
    out.println(
        "   indexed "
            + opened.images().size()
            + " images and "
            + opened.charts().size()
            + " charts (signature verification: not wired in this build)");
    Path storeDir = storage != null ? storage : scratch.resolve("registry");
    List<InetSocketAddress> addresses = Serving.addresses(listen);
    ServerOptions options =
        new ServerOptions(addresses, null, null, Set.of(), false, Duration.ofSeconds(10));
    try (DiskStore store = DiskStore.open(storeDir, 0)) {
      // LEAD: after merging the push engine, start the registry on the store alone and push the
      // bundle into it here with live progress (ConsoleProgress), instead of serving it in place.
      BundleContent content =
          BundleContent.of(opened, storeDir.resolve("cache").resolve("charts"), progress);
      Registry registry = new Registry(store, content, false);
      RegistryServer server = Serving.start(options, registry, err, true, listen.isEmpty());
      out.println("3. Registry running; the bundle is served in place (" + content.summary() + ")");
      String host = ListenAddress.format(server.addresses().get(0));
      out.println();
      out.println("Pull from it:");
      for (String ref : content.references()) {
        if (ref.startsWith("charts/")) {
          int colon = ref.lastIndexOf(':');
          out.println(
              "  helm pull --plain-http oci://"
                  + host
                  + "/"
                  + ref.substring(0, colon)
                  + " --version "
                  + ref.substring(colon + 1));
        } else {
          out.println(
              "  skopeo copy --src-tls-verify=false docker://"
                  + host
                  + "/"
                  + ref
                  + " oci:/tmp/demo");
        }
      }
      out.println("  ctr image pull --plain-http " + host + "/" + firstImage(content));
      out.println();
      out.println("Press Ctrl-C to stop.");
      out.flush();
      return Serving.runUntilInterrupted(server, err);
    }
  }

  private static void deleteTree(Path dir) {
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      // a temporary directory; the system cleans it eventually
    }
  }

  private static String firstImage(BundleContent content) {
    return content.references().stream()
        .filter(r -> !r.startsWith("charts/"))
        .findFirst()
        .orElse("NAME:TAG");
  }
}
