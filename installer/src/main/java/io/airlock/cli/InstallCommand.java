package io.airlock.cli;

import io.airlock.core.AirlockException;
import io.airlock.core.BadInputException;
import io.airlock.core.bundle.Bundle;
import io.airlock.core.bundle.BundleOpener;
import io.airlock.installer.apply.ApplyResult;
import io.airlock.installer.apply.PlanApplier;
import io.airlock.installer.cluster.ClusterFacts;
import io.airlock.installer.cluster.ClusterProbe;
import io.airlock.installer.cluster.KubeConnection;
import io.airlock.installer.cluster.KubeErrors;
import io.airlock.installer.mirrors.MirrorTarget;
import io.airlock.installer.mirrors.RegistryUrl;
import io.airlock.installer.mode.ModeAdvisor;
import io.airlock.installer.mode.ModeChoice;
import io.airlock.installer.mode.RegistryMode;
import io.airlock.installer.pki.KeyAlgorithm;
import io.airlock.installer.pki.PkiManager;
import io.airlock.installer.pki.PkiOptions;
import io.airlock.installer.pki.RegistryPki;
import io.airlock.installer.pki.SubjectNames;
import io.airlock.installer.pki.UserCertificate;
import io.airlock.installer.plan.BundleSummary;
import io.airlock.installer.plan.InstallPlan;
import io.airlock.installer.plan.InstallPlanner;
import io.airlock.installer.plan.LiveObjects;
import io.airlock.installer.plan.NodeMirror;
import io.airlock.installer.plan.PlanInput;
import io.airlock.installer.plan.PlanOutput;
import io.airlock.installer.plan.PlannedChange;
import io.airlock.installer.plan.RegistrySettings;
import io.airlock.installer.plan.SeedInput;
import io.airlock.installer.plan.TlsSecrets;
import io.airlock.node.InjectorBinary;
import io.airlock.node.NodeImages;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
      defaultValue = RegistrySettings.DEFAULT_REGISTRY_IMAGE,
      description = "The registry image in the seed payload (default: ${DEFAULT-VALUE}).")
  String registryImage;

  @Option(
      names = "--proxy-image",
      paramLabel = "REF",
      description = "The proxy image in the seed payload (default: Airlock's own airlock/proxy).")
  String proxyImage;

  @Mixin KubeOptions kube = new KubeOptions();
  @Mixin BundleOptions bundleOptions = new BundleOptions();

  /**
   * What a dry-run produced: the plan, the seed it was made with, warnings, and the API server's
   * verdict on every object (empty without --server-dry-run).
   */
  record Planned(
      InstallPlan plan, SeedInput seed, List<String> warnings, List<ApplyResult> serverDryRun) {

    List<ApplyResult> refused() {
      return serverDryRun.stream().filter(r -> !r.accepted()).toList();
    }
  }

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
    Planned planned = plan();
    InstallPlan plan = planned.plan();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
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

  /** Probes the cluster and plans; with --server-dry-run the server then judges every object. */
  Planned plan() throws AirlockException, java.io.InterruptedIOException {
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
              proxyImage != null ? proxyImage : NodeImages.load().proxyImage().reference());
    } catch (IllegalArgumentException e) {
      throw new BadInputException(
          "Invalid registry settings: " + e.getMessage() + ".", "Check --node-port and --prefix.");
    }
    KeyAlgorithm algorithm;
    try {
      algorithm = KeyAlgorithm.parse(keyAlgorithm);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("Invalid --key-algorithm: " + e.getMessage() + ".", null);
    }
    MirrorTarget external = external();
    SeedInput seed = seed();
    PrintWriter err = spec.commandLine().getErr();
    Bundle opened = bundleOptions.open(bundle, new ConsoleProgress(err, output != null));
    BundleSummary summary = BundleSummary.of(opened);

    List<String> warnings = new ArrayList<>();
    try (KubeConnection c = kube.connect()) {
      ClusterFacts facts = new ClusterProbe(c).probe(kube.namespace);
      warnings.addAll(facts.warnings());
      ModeChoice choice =
          ModeChoice.resolve(
              mode,
              external == null ? null : external.registry(),
              facts.installed(),
              ModeAdvisor.recommend(facts));
      PkiManager.Outcome pki = null;
      if (choice.mode() != RegistryMode.EXTERNAL) {
        pki = pki(c, facts, algorithm);
      }
      InstallPlan plan =
          InstallPlanner.plan(
              new PlanInput(
                  kube.namespace,
                  choice,
                  facts,
                  summary,
                  settings,
                  allowPrivilegedNamespace,
                  external,
                  pki,
                  seed,
                  new LiveObjects(c.client(), warnings),
                  VersionProvider.version(),
                  Instant.now()));
      List<ApplyResult> verdicts = List.of();
      if (serverDryRun) {
        try {
          verdicts = new PlanApplier(c.client(), seed).dryRun(plan);
        } catch (KubernetesClientException e) {
          throw KubeErrors.translate(e, "dry-run the planned objects", c);
        }
        for (ApplyResult r : verdicts) {
          if (!r.droppedFields().isEmpty()) {
            warnings.add(
                "Kubernetes "
                    + facts.version()
                    + " dropped "
                    + String.join(", ", r.droppedFields())
                    + " of "
                    + r.change().describe()
                    + " without a word: unknown to this version or behind a feature gate that is off");
          }
        }
      }
      return new Planned(plan, seed, warnings, verdicts);
    }
  }

  private MirrorTarget external() throws BadInputException {
    if (registryUrl == null) {
      if (caFile != null) {
        throw new BadInputException(
            "--ca-file belongs to --registry-url.", "Add --registry-url, or drop --ca-file.");
      }
      return null;
    }
    RegistryUrl url = RegistryUrl.parse(registryUrl, plainHttp, "--registry-url");
    String ca = null;
    if (caFile != null) {
      try {
        ca = Files.readString(caFile);
      } catch (IOException e) {
        throw new BadInputException(
            "Cannot read --ca-file " + caFile + ": " + e.getMessage() + ".", "Check the path.", e);
      }
    }
    try {
      return new MirrorTarget(
          url.host(),
          url.plainHttp(),
          ca,
          false,
          url.prefix().isEmpty() ? prefix : url.prefix(),
          flatten,
          MirrorTarget.DEFAULT_UPSTREAMS);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("Invalid --registry-url: " + e.getMessage() + ".", null);
    }
  }

  private SeedInput seed() throws BadInputException, java.io.InterruptedIOException {
    if (seedPayload == null && injectors.isEmpty()) {
      return defaultSeed();
    }
    if (seedPayload == null || injectors.isEmpty()) {
      throw new BadInputException(
          "--seed-payload and --injector go together.",
          "Give both, or neither (Airlock's own injectors and node images are then used).");
    }
    Map<String, byte[]> binaries = new LinkedHashMap<>();
    for (Map.Entry<String, Path> e : injectors.entrySet()) {
      try {
        binaries.put(e.getKey(), Files.readAllBytes(e.getValue()));
      } catch (IOException ex) {
        throw new BadInputException(
            "Cannot read the injector " + e.getValue() + ": " + ex.getMessage() + ".",
            "Check the path.",
            ex);
      }
    }
    return SeedInput.of(binaries, seedPayload);
  }

  /** Airlock's injectors and node images, as the node module built them from source. */
  private SeedInput defaultSeed() throws BadInputException, java.io.InterruptedIOException {
    NodeImages node = NodeImages.load();
    Map<String, byte[]> binaries = new LinkedHashMap<>();
    for (InjectorBinary b : node.injectors()) {
      binaries.put(b.architecture(), b.bytes());
    }
    Path work = BundleOpener.workDirOrDefault(bundleOptions.workDir);
    Path payload =
        work.resolve("seed").resolve("node-images-" + node.layoutDigest().shortHex() + ".tar");
    try {
      if (!Files.isRegularFile(payload)) {
        Files.createDirectories(payload.getParent());
        node.writeLayout(payload);
      }
    } catch (IOException e) {
      throw new BadInputException(
          "Cannot write the seed payload to " + payload + ": " + e.getMessage() + ".",
          "Choose a writable --work-dir.",
          e);
    }
    return SeedInput.of(binaries, payload);
  }

  private PkiManager.Outcome pki(KubeConnection c, ClusterFacts facts, KeyAlgorithm algorithm)
      throws BadInputException {
    SubjectNames names = SubjectNames.forService("airlock-registry", kube.namespace, extraNames);
    PkiOptions options = PkiOptions.defaults(names).withAlgorithm(algorithm);
    if (tlsCert != null || tlsKey != null || tlsCa != null) {
      if (tlsCert == null || tlsKey == null || tlsCa == null) {
        throw new BadInputException(
            "--tls-cert, --tls-key and --tls-ca go together.",
            "Give all three, or none to let Airlock issue the certificate.");
      }
      options =
          options.withUserServer(
              UserCertificate.load(
                  tlsCert,
                  tlsKey,
                  tlsCa,
                  "airlock-registry." + kube.namespace + ".svc",
                  Instant.now()));
    }
    boolean userSupplied =
        facts.installed() != null
            && facts.installed().pki() != null
            && facts.installed().pki().serverUserSupplied();
    Optional<RegistryPki> existing = Optional.empty();
    try {
      KubernetesClient k = c.client();
      existing =
          TlsSecrets.read(
              k.secrets().inNamespace(kube.namespace).withName(TlsSecrets.CA).get(),
              k.secrets().inNamespace(kube.namespace).withName(TlsSecrets.REGISTRY).get(),
              k.secrets().inNamespace(kube.namespace).withName(TlsSecrets.PROXY).get(),
              userSupplied);
    } catch (KubernetesClientException e) {
      if (KubeErrors.isFatal(e)) {
        throw e;
      }
      Messages.printWarning(
          spec.commandLine().getErr(),
          "cannot read the TLS Secrets in "
              + kube.namespace
              + " ("
              + KubeErrors.brief(e)
              + "): planning new certificates");
    }
    return new PkiManager(Clock.systemUTC()).ensure(existing, options);
  }

  private static void summarise(Planned planned, PrintWriter w) {
    InstallPlan plan = planned.plan();
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
