package io.airlock.cli;

import io.airlock.core.AirlockException;
import io.airlock.core.BadInputException;
import io.airlock.core.bundle.BundleOpener;
import io.airlock.core.verify.VerificationRequest;
import io.airlock.installer.mirrors.RegistryUrl;
import io.airlock.installer.pipeline.ClusterRequest;
import io.airlock.installer.pipeline.InstallOutcome;
import io.airlock.installer.pipeline.InstallPipeline;
import io.airlock.installer.pipeline.InstallRequest;
import io.airlock.installer.pipeline.InstallRun;
import io.airlock.installer.pipeline.Preflight;
import io.airlock.installer.plan.InstallPlan;
import io.airlock.installer.plan.PlanOutput;
import io.airlock.installer.plan.RegistrySettings;
import io.airlock.installer.report.ReportWriter;
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

/**
 * {@code airlock install}: the installation pipeline from the command line (or its plan, with
 * --dry-run).
 */
@Command(
    name = "install",
    mixinStandardHelpOptions = true,
    description = {
      "Installs a bundle into a cluster: verifies it, checks the cluster, runs Airlock's registry",
      "in it (mode nodeport: seeded by an injector, reached by the nodes on 127.0.0.1:31999) or",
      "uses yours (--registry-url), pushes every image and chart through a tunnel, and saves the",
      "state in the cluster and a report here. Running it again does only what is missing;",
      "'airlock uninstall' removes what it made. --dry-run plans and changes nothing."
    })
final class InstallCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "BUNDLE", description = "The bundle to install (directory or archive).")
  Path bundle;

  @Option(names = "--dry-run", description = "Print the plan and change nothing.")
  boolean dryRun;

  @Option(
      names = "--key",
      paramLabel = "KEY",
      description =
          "The vendor's public key (or a directory of keys); the signature is BUNDLE.sig.")
  Path key;

  @Option(
      names = "--signature",
      paramLabel = "SIG",
      description = "The bundle's detached signature (default: BUNDLE.sig).")
  Path signature;

  @Option(
      names = "--checksums",
      paramLabel = "SUMS",
      description = "A sha256sum/sha512sum list to check as well.")
  Path checksums;

  @Option(
      names = "--insecure-skip-verify",
      description = "Install without verifying the bundle: said loudly and recorded in the report.")
  boolean insecureSkipVerify;

  @Option(
      names = "--insecure-skip-tls-verify",
      description = "--registry-url: accept any TLS certificate (encrypted, not authenticated).")
  boolean insecureSkipTls;

  @Mixin RegistryLogin login = new RegistryLogin();

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
      description = "Retries of a failed request (default: ${DEFAULT-VALUE}).")
  int retries;

  @Option(
      names = "--ready-timeout",
      paramLabel = "SECONDS",
      defaultValue = "180",
      description =
          "How long the injector and the registry may take to serve (default: ${DEFAULT-VALUE}).")
  int readyTimeout;

  @Option(
      names = "--report-dir",
      paramLabel = "DIR",
      description =
          "Where the report goes (JSON and Markdown). Default: $XDG_STATE_HOME/airlock/reports.")
  Path reportDir;

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
    if (output != null && !output.equals("yaml") && !output.equals("json")) {
      throw new BadInputException("Invalid -o " + output + ".", "Use -o yaml or -o json.");
    }
    if (output != null && !dryRun && !serverDryRun) {
      throw new BadInputException(
          "-o prints a plan: it goes with --dry-run.", "Add --dry-run, or drop -o.");
    }
    return dryRun || serverDryRun ? plan() : install();
  }

  private int install() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (insecureSkipVerify) {
      Messages.printWarning(
          err,
          "--insecure-skip-verify: the bundle is NOT verified; anything in it goes to the cluster."
              + " The report records it.");
    }
    InstallPipeline pipeline = InstallPipeline.of(request(false));
    InstallOutcome outcome;
    try (InstallConsole console = new InstallConsole(out, err)) {
      outcome = pipeline.run(console);
    }
    InstallRun run = pipeline.state();
    out.println();
    out.println(
        "Installed: "
            + outcome.pushed().artifacts().size()
            + " images and charts; nodes pull from "
            + run.plan().target().baseUrl()
            + " ("
            + run.plan().mode().mode().id()
            + " mode).");
    if (outcome.written() != null) {
      out.println("Report: " + outcome.written().markdown());
      out.println("        " + outcome.written().json());
    }
    run.nextSteps().forEach(n -> out.println("Next: " + n));
    out.flush();
    return ExitCodes.OK;
  }

  private int plan() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ConsoleProgress progress = new ConsoleProgress(err, output != null);
    Preflight.DryRun planned;
    try {
      planned = Preflight.dryRun(request(true), serverDryRun, progress);
    } finally {
      progress.endLine();
    }
    InstallPlan plan = planned.planned().plan();
    if (output != null) {
      out.print(output.equals("yaml") ? PlanOutput.yaml(plan) : PlanOutput.json(plan) + "\n");
      out.flush();
      PlanSummary.print(planned, err);
    } else {
      PlanSummary.print(planned, out);
    }
    planned.warnings().forEach(w -> Messages.printWarning(err, w));
    out.flush();
    err.flush();
    return plan.problems().isEmpty() && planned.refused().isEmpty()
        ? ExitCodes.OK
        : ExitCodes.CHECK_FAILED;
  }

  /** How the bundle comes to be trusted: verified now, or skipped on the record. */
  private InstallRequest.Trust trust(boolean planOnly, Path work) throws BadInputException {
    if (planOnly) {
      return new InstallRequest.Trust.Unverified("a dry-run installs nothing");
    }
    if (insecureSkipVerify) {
      if (key != null || checksums != null) {
        throw new BadInputException(
            "--insecure-skip-verify cannot be combined with --key or --checksums.",
            "Verify (the default) or skip it on purpose; not both.");
      }
      return new InstallRequest.Trust.Unverified(
          "--insecure-skip-verify, " + java.time.Instant.now());
    }
    if (key == null && checksums == null) {
      throw new BadInputException(
          "airlock install verifies the bundle before anything reaches the cluster: give the"
              + " vendor's key with --key (the signature BUNDLE.sig beside it), or --checksums.",
          "To install an unverified bundle on purpose, add --insecure-skip-verify (the report"
              + " records it).");
    }
    return new InstallRequest.Trust.Check(
        VerificationRequest.builder()
            .subject(bundle)
            .keys(key)
            .signature(signature)
            .checksums(checksums)
            .contents(true)
            .workDir(work)
            .build());
  }

  /** The options as the installer's request. */
  InstallRequest request(boolean planOnly) throws AirlockException {
    if (concurrency < 1 || concurrency > 64) {
      throw new BadInputException(
          "--concurrency must be between 1 and 64, not " + concurrency + ".");
    }
    if (retries < 0 || retries > 20) {
      throw new BadInputException("--retries must be between 0 and 20, not " + retries + ".");
    }
    if (readyTimeout < 5) {
      throw new BadInputException("--ready-timeout must be at least 5 seconds.");
    }
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
            java.time.Duration.ofSeconds(readyTimeout));
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
                    insecureSkipTls,
                    planOnly ? null : login.credentials("install"),
                    flatten,
                    RegistryTarget.Words.INSTALL));
    Path work = BundleOpener.workDirOrDefault(bundleOptions.workDir);
    return new InstallRequest(
        bundle,
        null,
        trust(planOnly, work),
        destination,
        cluster,
        work,
        planOnly ? null : reportDir != null ? reportDir : ReportWriter.defaultDir(),
        new InstallRequest.PushTuning(concurrency, retries, true));
  }
}
