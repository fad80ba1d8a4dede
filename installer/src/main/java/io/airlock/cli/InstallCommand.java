package io.airlock.cli;

import io.airlock.core.AirlockException;
import io.airlock.core.BadInputException;
import io.airlock.core.bundle.BundleOpener;
import io.airlock.installer.apply.ApplyResult;
import io.airlock.installer.mirrors.RegistryUrl;
import io.airlock.installer.pipeline.ClusterRequest;
import io.airlock.installer.pipeline.InstallRequest;
import io.airlock.installer.pipeline.Preflight;
import io.airlock.installer.plan.InstallPlan;
import io.airlock.installer.plan.NodeMirror;
import io.airlock.installer.plan.PlanOutput;
import io.airlock.installer.plan.PlannedChange;
import io.airlock.installer.plan.RegistrySettings;
import io.airlock.installer.target.RegistryTarget;
import io.airlock.node.NodeImages;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airlock install}: for now, the complete plan of an installation (--dry-run). */
@Command(
    name = "install",
    mixinStandardHelpOptions = true,
    description = {
      "Plans installing the registry for a bundle (--dry-run).",
      "Lists every object it would create or change, in apply order, and the",
      "mirror configuration per node. Nothing is changed: reads, access reviews",
      "and server-side dry-runs only. Installing comes in a later version."
    })
final class InstallCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "BUNDLE", description = "The bundle to install (directory or archive).")
  Path bundle;

  @Option(
      names = "--dry-run",
      description = "Print the plan and change nothing (required for now).")
  boolean dryRun;

  @Option(
      names = "--server-dry-run",
      description = {
        "Also send every planned object to the API server with dryRun=All (implies --dry-run):",
        "its validation and admission judge them; nothing is stored."
      })
  boolean serverDryRun;

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      description =
          "nodeport, hostport, hostnetwork or external. Default: the mode installed before, else the recommendation of 'airlock cluster probe'.")
  String mode;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description =
          "yaml or json: print the objects as a Kubernetes List on stdout (secrets redacted); the summary goes to stderr.")
  String output;

  @Option(
      names = "--registry-url",
      paramLabel = "[https://]HOST[:PORT][/PREFIX]",
      description =
          "Your own registry (mode external). Cannot be combined with a proxy or NodePort mode.")
  String registryUrl;

  @Option(
      names = "--ca-file",
      paramLabel = "PEM",
      description = "The CA of --registry-url, for the nodes.")
  Path caFile;

  @Option(
      names = "--plain-http",
      description = "--registry-url speaks plain HTTP (explicit choice).")
  boolean plainHttp;

  @Option(
      names = "--allow-privileged-namespace",
      description =
          "Consent to Airlock labelling the namespace pod-security.kubernetes.io/enforce=privileged where a proxy mode needs it.")
  boolean allowPrivilegedNamespace;

  @Option(
      names = "--storage-class",
      paramLabel = "NAME",
      description = "StorageClass of the registry volume. Default: the cluster's default.")
  String storageClass;

  @Option(
      names = "--storage-node-path",
      paramLabel = "DIR",
      description = {
        "Keep the registry's data in this directory of one node's disk instead of a volume from a",
        "StorageClass (clusters without a provisioner). The registry then always runs on that node."
      })
  String storageNodePath;

  @Option(
      names = "--storage-node",
      paramLabel = "NODE",
      description = "The node of --storage-node-path. Default: the node the seed injector runs on.")
  String storageNode;

  @Option(
      names = "--storage-size",
      paramLabel = "SIZE",
      description =
          "Size of the registry volume, e.g. 50Gi. Default: twice the bundle, at least 10Gi.")
  String storageSize;

  @Option(
      names = "--node-port",
      paramLabel = "PORT",
      defaultValue = "31999",
      description = "The registry's NodePort in mode nodeport (default: ${DEFAULT-VALUE}).")
  int nodePort;

  @Option(
      names = "--prefix",
      paramLabel = "PREFIX",
      description = "Repository prefix in the registry (as for push).")
  String prefix;

  @Option(
      names = "--flatten",
      description = "Paths without the upstream registry (as push --flatten).")
  boolean flatten;

  @Option(
      names = "--key-algorithm",
      paramLabel = "ALG",
      defaultValue = "ecdsa",
      description = "ecdsa (P-256) or rsa (3072) for new keys (default: ${DEFAULT-VALUE}).")
  String keyAlgorithm;

  @Option(
      names = "--tls-cert",
      paramLabel = "PEM",
      description = "Your own server certificate for the registry (with --tls-key and --tls-ca).")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "PEM", description = "The key of --tls-cert.")
  Path tlsKey;

  @Option(names = "--tls-ca", paramLabel = "PEM", description = "The CA that signed --tls-cert.")
  Path tlsCa;

  @Option(
      names = "--extra-name",
      paramLabel = "NAME",
      description = "Another DNS name or IP for the registry's certificate (repeatable).")
  List<String> extraNames = new ArrayList<>();

  @Option(
      names = "--seed-payload",
      paramLabel = "TAR",
      description = {
        "The seed payload: an OCI layout tar with the registry and proxy images.",
        "Default: Airlock's own node images (proxy and injector, built from source)."
      })
  Path seedPayload;

  @Option(
      names = "--injector",
      paramLabel = "ARCH=FILE",
      description = {
        "The seed injector binary for an architecture (repeatable), e.g. amd64=injector-amd64.",
        "Default: the injectors Airlock built from source for amd64 and arm64."
      })
  Map<String, Path> injectors = new LinkedHashMap<>();

  @Option(
      names = "--registry-image",
      paramLabel = "REF",
      description = {
        "The registry image in the seed payload. Default: Airlock's own (airlock serve on a",
        "jlinked Java, built from source); a distribution image (registry:2) also works."
      })
  String registryImage;

  @Option(
      names = "--proxy-image",
      paramLabel = "REF",
      description = "The proxy image in the seed payload (default: Airlock's own airlock/proxy).")
  String proxyImage;

  @Mixin KubeOptions kube = new KubeOptions();
  @Mixin BundleOptions bundleOptions = new BundleOptions();

  @Override
  public Integer call() throws Exception {
    if (!dryRun && !serverDryRun) {
      throw new BadInputException(
          "airlock install without --dry-run is not available yet: this version plans an installation but does not perform it.",
          "Run 'airlock install " + bundle + " --dry-run' to see the complete plan.");
    }
    if (output != null && !output.equals("yaml") && !output.equals("json")) {
      throw new BadInputException("Invalid -o " + output + ".", "Use -o yaml or -o json.");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ConsoleProgress progress = new ConsoleProgress(err, output != null);
    Preflight.DryRun planned;
    try {
      planned = Preflight.dryRun(request(), serverDryRun, progress);
    } finally {
      progress.endLine();
    }
    InstallPlan plan = planned.planned().plan();
    if (output != null) {
      out.print(output.equals("yaml") ? PlanOutput.yaml(plan) : PlanOutput.json(plan) + "\n");
      out.flush();
      summarise(planned, err);
    } else {
      summarise(planned, out);
    }
    planned.warnings().forEach(w -> Messages.printWarning(err, w));
    out.flush();
    err.flush();
    return plan.problems().isEmpty() && planned.refused().isEmpty()
        ? ExitCodes.OK
        : ExitCodes.CHECK_FAILED;
  }

  /** The options as the installer's request. */
  InstallRequest request() throws AirlockException {
    RegistrySettings settings;
    try {
      settings =
          new RegistrySettings(
              nodePort,
              prefix,
              flatten,
              storageClass,
              storageSize,
              registryImage,
              proxyImage != null ? proxyImage : NodeImages.load().proxyImage().reference(),
              storageNodePath == null
                  ? null
                  : new RegistrySettings.NodeStorage(storageNode, storageNodePath));
    } catch (IllegalArgumentException e) {
      throw new BadInputException(
          "Invalid registry settings: " + e.getMessage() + ".", "Check --node-port and --prefix.");
    }
    if (tlsCert != null || tlsKey != null || tlsCa != null) {
      if (tlsCert == null || tlsKey == null || tlsCa == null) {
        throw new BadInputException(
            "--tls-cert, --tls-key and --tls-ca go together.",
            "Give all three, or none to let Airlock issue the certificate.");
      }
    }
    if (storageNode != null && storageNodePath == null) {
      throw new BadInputException(
          "--storage-node goes with --storage-node-path.",
          "Add --storage-node-path DIR, or drop --storage-node.");
    }
    if (registryUrl == null && caFile != null) {
      throw new BadInputException(
          "--ca-file belongs to --registry-url.", "Add --registry-url, or drop --ca-file.");
    }
    ClusterRequest cluster =
        new ClusterRequest(
            kube.kubeconfig,
            kube.context,
            kube.namespace,
            mode,
            settings,
            allowPrivilegedNamespace,
            keyAlgorithm,
            tlsCert == null ? null : new ClusterRequest.UserTls(tlsCert, tlsKey, tlsCa),
            extraNames,
            seedPayload,
            injectors,
            ClusterRequest.DEFAULT_READY_TIMEOUT);
    InstallRequest.Destination destination =
        registryUrl == null
            ? new InstallRequest.Destination.InCluster()
            : new InstallRequest.Destination.External(
                RegistryTarget.of(
                    prefix == null
                            || !RegistryUrl.parse(registryUrl, plainHttp, "--registry-url")
                                .prefix()
                                .isEmpty()
                        ? registryUrl
                        : registryUrl + "/" + prefix,
                    plainHttp,
                    caFile,
                    false,
                    null,
                    flatten,
                    RegistryTarget.Words.INSTALL));
    Path work =
        bundleOptions.workDir != null ? bundleOptions.workDir : BundleOpener.defaultWorkDir();
    return new InstallRequest(
        bundle,
        null,
        new InstallRequest.Trust.Unverified("--dry-run"),
        destination,
        cluster,
        work,
        null,
        InstallRequest.PushTuning.defaults());
  }

  private static void summarise(Preflight.DryRun planned, PrintWriter w) {
    InstallPlan plan = planned.planned().plan();
    w.println("Mode      " + plan.mode().mode().id() + " (" + plan.mode().why() + ")");
    w.println("Registry  nodes pull from " + plan.registryAddress());
    w.println();
    Table t = new Table("#", "ACTION", "OBJECT", "WHY");
    int i = 1;
    for (PlannedChange c : plan.changes()) {
      t.add(
          String.valueOf(i++),
          c.action().name().toLowerCase(java.util.Locale.ROOT),
          c.describe(),
          c.note());
    }
    t.print(w);
    if (!plan.certificates().isEmpty()) {
      w.println();
      w.println("Certificates:");
      plan.certificates().forEach(c -> w.println("  " + c));
    }
    w.println();
    Table nodes = new Table("NODE", "RUNTIME", "MIRROR CONFIG", "FROM");
    for (NodeMirror m : plan.nodeMirrors()) {
      nodes.add(
          m.node(),
          m.runtime(),
          m.format() == null ? "-" : m.format().id(),
          m.configMap() == null ? m.note() : "ConfigMap " + m.configMap());
    }
    nodes.print(w);
    if (!plan.advice().consents().isEmpty()) {
      w.println();
      w.println("By choosing " + plan.mode().mode().id() + " you consent to:");
      plan.advice().consents().forEach(c -> w.println("  - " + c));
    }
    plan.notes().forEach(n -> w.println("Note: " + n));
    List<ApplyResult> verdicts = planned.serverDryRun();
    if (!verdicts.isEmpty()) {
      w.println();
      w.println(
          "Server dry-run (dryRun=All, nothing stored): "
              + (verdicts.size() - planned.refused().size())
              + " of "
              + verdicts.size()
              + " object(s) accepted by the API server.");
      verdicts.stream()
          .filter(r -> r.accepted() && !r.detail().isEmpty())
          .map(r -> r.detail())
          .distinct()
          .forEach(d -> w.println("  " + d));
    }
    if (!plan.problems().isEmpty() || !planned.refused().isEmpty()) {
      w.println();
      w.println("To resolve before installing:");
      plan.problems().forEach(p -> w.println("  - " + p));
      planned
          .refused()
          .forEach(
              r ->
                  w.println(
                      "  - The API server refuses " + r.change().describe() + ": " + r.detail()));
    } else {
      w.println();
      w.println(
          "Plan complete: "
              + plan.changes().size()
              + " change(s); nothing was changed ("
              + (verdicts.isEmpty() ? "dry-run" : "server dry-run")
              + ").");
    }
    w.flush();
  }
}
