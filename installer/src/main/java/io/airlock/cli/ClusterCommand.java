package io.airlock.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.airlock.core.Phrase;
import io.airlock.core.oci.Json;
import io.airlock.installer.cluster.Admission;
import io.airlock.installer.cluster.ClusterFacts;
import io.airlock.installer.cluster.ClusterProbe;
import io.airlock.installer.cluster.KubeConnection;
import io.airlock.installer.cluster.NodeFacts;
import io.airlock.installer.cluster.Permission;
import io.airlock.installer.cluster.PolicyFacts;
import io.airlock.installer.mode.ModeAdvice;
import io.airlock.installer.mode.ModeAdvisor;
import io.airlock.installer.mode.RegistryMode;
import io.airlock.installer.state.InstallState;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code airlock cluster}: learn about a cluster. */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = "Learn about a cluster without changing it.",
    subcommands = {ClusterCommand.ProbeCommand.class})
final class ClusterCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code airlock cluster probe}. */
  @Command(
      name = "probe",
      mixinStandardHelpOptions = true,
      description = {
        "Reports what Airlock needs to know about a cluster, and a registry mode.",
        "Version and distribution, nodes, networking (IP families, kube-proxy mode,",
        "NodePorts on 127.0.0.1), policy (Pod Security, SCCs, default StorageClass)",
        "and the permissions Airlock needs. Changes nothing: reads, access reviews",
        "and server-side dry-runs only."
      })
  static final class ProbeCommand implements Callable<Integer> {

    @Spec CommandSpec spec;
    @Mixin KubeOptions kube = new KubeOptions();

    @Option(names = "--json", description = "Print a JSON report instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      ClusterFacts facts;
      try (KubeConnection c = kube.connect()) {
        facts = new ClusterProbe(c).probe(kube.namespace);
      }
      ModeAdvice recommended = ModeAdvisor.recommend(facts);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        List<ModeAdvice> modes =
            Arrays.stream(RegistryMode.values()).map(m -> ModeAdvisor.explain(m, facts)).toList();
        ProbeReport report =
            new ProbeReport(
                facts,
                recommended,
                modes,
                facts.installed() == null ? null : facts.installed().mode());
        out.println(
            Json.MAPPER
                .writer()
                .with(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(report));
      } else {
        print(facts, recommended, out);
        facts.warnings().forEach(w -> Messages.printWarning(spec.commandLine().getErr(), w));
      }
      out.flush();
      return ExitCodes.OK;
    }

    /** The --json shape; fields are only ever added. */
    record ProbeReport(
        ClusterFacts cluster,
        ModeAdvice recommendation,
        List<ModeAdvice> modes,
        String installedMode) {}
  }

  static void print(ClusterFacts f, ModeAdvice a, PrintWriter out) {
    out.println("Cluster   " + f.server());
    out.println("Version   " + f.version());
    out.println("Distro    " + f.distroKind().display() + " (" + f.distro().evidence() + ")");
    out.println(
        "Network   "
            + f.network().families().display()
            + " ("
            + f.network().familiesEvidence()
            + ")");
    out.println(
        "          kube-proxy "
            + f.network().kubeProxy().display()
            + " ("
            + f.network().kubeProxyEvidence()
            + ")");
    out.println(
        "          NodePort on 127.0.0.1: "
            + (f.network().localhostNodePort() ? "works" : "does not work")
            + " ("
            + f.network().localhostNodePortReason()
            + ")");
    out.println();
    Table nodes =
        new Table(
            "NODE",
            "ROLES",
            "READY",
            "ARCH",
            "IPV4",
            "IPV6",
            "OS",
            "KERNEL",
            "KUBELET",
            "RUNTIME",
            "CPU",
            "MEMORY",
            "EPHEMERAL",
            "TAINTS",
            "IMAGES");
    for (NodeFacts n : f.nodes()) {
      long imageBytes = n.images().stream().mapToLong(NodeFacts.NodeImage::sizeBytes).sum();
      nodes.add(
          n.name(),
          n.roles().isEmpty() ? "-" : String.join(",", n.roles()),
          n.ready() ? "yes" : "NO",
          s(n.architecture()),
          s(n.internalIpv4()),
          s(n.internalIpv6()),
          s(n.osImage()),
          s(n.kernelVersion()),
          s(n.kubeletVersion()),
          n.runtime() + (n.runtimeVersion().isEmpty() ? "" : " " + n.runtimeVersion()),
          s(n.allocatableCpu()),
          n.allocatableMemoryReadable(),
          s(n.allocatableEphemeralStorage()),
          n.taints().isEmpty() ? "-" : String.join(",", n.taints()),
          n.images().size() + " (" + io.airlock.core.Sizes.human(imageBytes) + ")");
    }
    nodes.print(out);
    out.println();
    PolicyFacts p = f.policy();
    out.println(
        "Namespace " + p.namespace() + (p.namespaceExists() ? "" : " (does not exist yet)"));
    out.println(
        "  Pod Security labels: "
            + (p.podSecurityLabels().isEmpty() ? "none" : p.podSecurityLabels()));
    if (!p.admission().isEmpty()) {
      out.println(
          "  Pods with host features, by server-side dry-run in "
              + p.admission().get(0).where()
              + ":");
      for (Admission adm : p.admission()) {
        out.println(
            "    "
                + adm.feature()
                + ": "
                + adm.verdict().name().toLowerCase(java.util.Locale.ROOT)
                + (adm.detail().isEmpty() ? "" : " (" + adm.detail() + ")"));
      }
    }
    if (!p.securityContextConstraints().isEmpty()) {
      out.println("  OpenShift SCCs: " + String.join(", ", p.securityContextConstraints()));
    }
    out.println(
        "  Default StorageClass: "
            + (p.defaultStorageClass() == null
                ? "none (StorageClasses: "
                    + (p.storageClasses().isEmpty()
                        ? "none"
                        : String.join(", ", p.storageClasses()))
                    + ")"
                : p.defaultStorageClass()));
    p.notes().forEach(n -> out.println("  Note: " + n));
    out.println();
    Table perms = new Table("ALLOWED", "PERMISSION", "FOR");
    for (Permission perm : p.permissions()) {
      perms.add(
          perm.allowed() == null ? "unknown" : perm.allowed() ? "yes" : "NO",
          perm.describe(),
          perm.why());
    }
    perms.print(out);
    List<Permission> missing = p.missing();
    out.println(
        missing.isEmpty()
            ? "All permissions Airlock needs are granted."
            : missing.size() + " permission(s) missing: an install would fail at those steps.");
    out.println();
    InstallState installed = f.installed();
    out.println(
        "Installed  "
            + (installed == null
                ? "nothing yet"
                : "mode "
                    + installed.mode()
                    + " (airlock-state, Airlock "
                    + installed.airlockVersion()
                    + ", "
                    + installed.updatedAt()
                    + "); later runs keep it unless --mode says otherwise"));
    out.println("Recommended mode: " + a.mode().id());
    section(out, "Why", a.reasons());
    section(out, "It needs", Phrase.render(a.needs(), CliWords::of));
    section(out, "You consent to", Phrase.render(a.consents(), CliWords::of));
    section(out, "In the way", Phrase.render(a.blockers(), CliWords::of));
    out.println("Other modes:");
    for (RegistryMode m : RegistryMode.values()) {
      if (m == a.mode()) {
        continue;
      }
      ModeAdvice o = ModeAdvisor.explain(m, f);
      out.println(
          "  "
              + m.id()
              + (m == RegistryMode.EXTERNAL
                  ? " (with --registry-url)"
                  : o.blockers().isEmpty()
                      ? " (possible)"
                      : " (blocked: " + o.blockers().get(0).render(CliWords::of) + ")"));
      out.println("    needs: " + String.join("; ", Phrase.render(o.needs(), CliWords::of)));
      out.println(
          "    you consent to: " + String.join("; ", Phrase.render(o.consents(), CliWords::of)));
    }
  }

  private static void section(PrintWriter out, String title, List<String> lines) {
    if (lines.isEmpty()) {
      return;
    }
    out.println("  " + title + ":");
    lines.forEach(l -> out.println("    - " + l));
  }

  private static String s(String v) {
    return v == null || v.isEmpty() ? "-" : v;
  }
}
