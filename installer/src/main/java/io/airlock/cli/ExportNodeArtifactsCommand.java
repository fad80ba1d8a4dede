package io.airlock.cli;

import io.airlock.core.BadInputException;
import io.airlock.core.bundle.Bundle;
import io.airlock.core.bundle.BundleImage;
import io.airlock.installer.mirrors.MirrorFormat;
import io.airlock.installer.mirrors.MirrorTarget;
import io.airlock.installer.mirrors.NodeArtifacts;
import io.airlock.installer.mode.RegistryMode;
import io.airlock.installer.plan.BundleSummary;
import io.airlock.installer.plan.NodeAddress;
import io.airlock.installer.target.RegistryTarget;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airlock export-node-artifacts}: what nodes prepared by hand need (seed 003). */
@Command(
    name = "export-node-artifacts",
    mixinStandardHelpOptions = true,
    description = {
      "Writes what nodes prepared by hand need to pull a bundle's images from the site registry:",
      "per runtime (containerd, k3s, rke2, k0s, crio, talos) the mirror files at their node paths,",
      "the registry's CA certificate, SHA256SUMS and a README with the exact commands.",
      "The same files 'airlock install' keeps in its report; it changes nothing anywhere else."
    })
final class ExportNodeArtifactsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "BUNDLE", description = "The bundle the nodes will pull.")
  Path bundle;

  @Parameters(index = "1", paramLabel = "OUT", description = "The directory to write.")
  Path out;

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      defaultValue = "nodeport",
      description =
          "How the nodes reach the registry, as for install: nodeport, hostport, hostnetwork or external (default: ${DEFAULT-VALUE}).")
  String mode;

  @Option(
      names = "--node-port",
      paramLabel = "PORT",
      defaultValue = "31999",
      description = "The registry's NodePort in mode nodeport (default: ${DEFAULT-VALUE}).")
  int nodePort;

  @Option(
      names = "--registry-url",
      paramLabel = "[https://]HOST[:PORT][/PREFIX]",
      description = "Your own registry (mode external).")
  String registryUrl;

  @Option(names = "--ca-file", paramLabel = "PEM", description = "The CA of --registry-url.")
  Path caFile;

  @Option(names = "--plain-http", description = "--registry-url speaks plain HTTP.")
  boolean plainHttp;

  @Option(
      names = "--insecure-skip-tls-verify",
      description = "Nodes do not verify the certificate of --registry-url (not recommended).")
  boolean skipVerify;

  @Option(names = "--prefix", paramLabel = "PREFIX", description = "As for install.")
  String prefix;

  @Option(names = "--flatten", description = "As for install.")
  boolean flatten;

  @Option(
      names = "--format",
      split = ",",
      paramLabel = "FORMAT",
      description = "Only these formats (default: all).")
  List<String> formats;

  @Option(names = "--force", description = "Replace OUT if it exists.")
  boolean force;

  @Mixin BundleOptions bundleOptions = new BundleOptions();

  @Override
  public Integer call() throws Exception {
    RegistryMode m;
    List<MirrorFormat> fs;
    try {
      m = RegistryMode.parse(mode);
      fs =
          formats == null
              ? Arrays.asList(MirrorFormat.values())
              : formats.stream().map(MirrorFormat::parse).distinct().toList();
    } catch (IllegalArgumentException e) {
      throw new BadInputException("Invalid option: " + e.getMessage() + ".", "See --help.");
    }
    if ((m == RegistryMode.EXTERNAL) != (registryUrl != null)) {
      throw new BadInputException(
          "--registry-url goes with --mode external, and mode external needs it.",
          "Give both, or neither.");
    }
    if (m != RegistryMode.EXTERNAL && (caFile != null || plainHttp || skipVerify)) {
      throw new BadInputException(
          "--ca-file, --plain-http and --insecure-skip-tls-verify belong to --registry-url.",
          "In mode " + m.id() + " the nodes pull from their own loopback in plain HTTP.");
    }
    PrintWriter err = spec.commandLine().getErr();
    Bundle b = bundleOptions.open(bundle, new ConsoleProgress(err, false));
    List<String> upstreams = BundleSummary.of(b).upstreams();
    String address =
        m == RegistryMode.EXTERNAL
            ? (prefix == null ? registryUrl : registryUrl + "/" + prefix)
            : NodeAddress.of(m, nodePort) + (prefix == null ? "" : "/" + prefix);
    MirrorTarget target =
        RegistryTarget.of(
                address,
                m != RegistryMode.EXTERNAL || plainHttp,
                caFile,
                skipVerify,
                null,
                flatten,
                RegistryTarget.Words.INSTALL)
            .mirrorTarget(upstreams);
    String example = b.images().stream().map(BundleImage::ref).findFirst().orElse(null);
    NodeArtifacts artifacts = new NodeArtifacts(target, fs, example);
    artifacts.write(out, force, "Choose another OUT, or add --force to replace it.");
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.println(
        "Wrote the node artifacts for "
            + String.join(", ", fs.stream().map(MirrorFormat::id).toList())
            + " to "
            + out
            + " (pulls go to "
            + target.baseUrl()
            + "). Follow "
            + out.resolve(NodeArtifacts.README)
            + ".");
    stdout.flush();
    return ExitCodes.OK;
  }
}
