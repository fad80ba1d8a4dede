package io.airlock.cli;

import io.airlock.core.BadInputException;
import io.airlock.installer.mirrors.MirrorConfig;
import io.airlock.installer.mirrors.MirrorConfigs;
import io.airlock.installer.mirrors.MirrorFile;
import io.airlock.installer.mirrors.MirrorFormat;
import io.airlock.installer.mirrors.MirrorTarget;
import io.airlock.installer.mirrors.RegistryUrl;
import io.airlock.installer.target.RegistryTarget;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code airlock mirrors}: the node-side registry mirror configuration. */
@Command(
    name = "mirrors",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a node's registry mirror configuration.",
      "Pulls of upstream names (docker.io/..., ghcr.io/...) then go to the site",
      "registry, at the paths the push engine uses: REGISTRY/PREFIX/UPSTREAM/REPO.",
      "Files are written under OUT at their node paths (OUT/etc/...): copy them",
      "onto each node's root, then follow the steps printed."
    })
final class MirrorsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--registry",
      required = true,
      paramLabel = "HOST:PORT[/PREFIX]",
      description = "The registry the nodes pull from, as the push engine wrote to it.")
  String registry;

  @Option(
      names = "--format",
      required = true,
      paramLabel = "FORMAT",
      description = "containerd, k3s, rke2, k0s, talos or crio.")
  String format;

  @Option(
      names = "--upstream",
      split = ",",
      paramLabel = "HOST",
      description =
          "Upstream registries to mirror (default: docker.io,ghcr.io,quay.io,registry.k8s.io,gcr.io).")
  List<String> upstreams;

  @Option(
      names = "--prefix",
      paramLabel = "PREFIX",
      description = "The push prefix, when not given in --registry.")
  String prefix;

  @Option(
      names = "--flatten",
      description = "The push dropped the upstream registry from paths (push --flatten).")
  boolean flatten;

  @Option(
      names = "--ca-file",
      paramLabel = "PEM",
      description =
          "The CA that signed the registry's certificate; placed where the runtime reads it.")
  Path caFile;

  @Option(
      names = "--plain-http",
      description =
          "The registry speaks plain HTTP (only for a node-local loopback proxy or by explicit choice).")
  boolean plainHttp;

  @Option(
      names = "--insecure-skip-tls-verify",
      description = "Do not verify the registry's certificate (not recommended).")
  boolean skipVerify;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      description = "Where to write the files (default: ./airlock-mirrors-FORMAT).")
  Path output;

  @Option(names = "--force", description = "Replace OUT if it exists.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    MirrorFormat f;
    try {
      f = MirrorFormat.parse(format);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(
          "Invalid --format: " + e.getMessage() + ".", "Pick the node's runtime or distribution.");
    }
    RegistryUrl url = RegistryUrl.parse(registry, plainHttp, "--registry");
    if (!url.prefix().isEmpty() && prefix != null) {
      throw new BadInputException(
          "The prefix is given twice: in --registry ("
              + url.prefix()
              + ") and --prefix ("
              + prefix
              + ").",
          "Give it once.");
    }
    String address = url.prefix().isEmpty() && prefix != null ? registry + "/" + prefix : registry;
    MirrorTarget target =
        RegistryTarget.of(
                address, plainHttp, caFile, skipVerify, null, flatten, RegistryTarget.Words.PUSH)
            .mirrorTarget(upstreams == null ? List.of() : upstreams);
    MirrorConfig config = MirrorConfigs.of(f, target);
    Path out = output != null ? output : Path.of("airlock-mirrors-" + f.id());
    MirrorConfigs.write(config, out, force);
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.println(
        "Wrote " + config.files().size() + " file(s) for " + f.id() + " under " + out + ":");
    for (MirrorFile file : config.files()) {
      stdout.println(
          "  " + out.resolve(file.nodePath().substring(1)) + "  ->  node " + file.nodePath());
    }
    stdout.println("Pulls go to:");
    for (String upstream : target.upstreams()) {
      stdout.println("  " + upstream + "  ->  " + MirrorConfigs.endpoint(f, target, upstream));
    }
    stdout.println("Then:");
    config.steps().forEach(s -> stdout.println("  - " + s));
    if (flatten && target.upstreams().size() > 1) {
      Messages.printWarning(
          spec.commandLine().getErr(),
          "--flatten maps every upstream onto the same paths: images with the same name from two registries collide");
    }
    if (skipVerify) {
      Messages.printWarning(
          spec.commandLine().getErr(),
          "TLS verification is off for "
              + target.registry()
              + ": anyone on the path can serve images to the nodes");
    }
    stdout.flush();
    return ExitCodes.OK;
  }
}
