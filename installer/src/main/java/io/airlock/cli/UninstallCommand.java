package io.airlock.cli;

import io.airlock.installer.charts.HelmReleases;
import io.airlock.installer.cluster.KubeConnection;
import io.airlock.installer.uninstall.Uninstaller;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code airlock uninstall}: removes what Airlock's state Secret lists, and nothing else. */
@Command(
    name = "uninstall",
    mixinStandardHelpOptions = true,
    description = {
      "Removes from the cluster exactly what 'airlock install' made, as its state Secret",
      "(NS/airlock-state) lists: the registry, its Services and Secrets, the seed, the namespace",
      "if Airlock made it, and the Helm releases it installed. Nothing else is touched.",
      "--keep-data keeps the registry's volume; --charts removes only the Helm releases."
    })
final class UninstallCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin KubeOptions kube = new KubeOptions();

  @Option(
      names = "--keep-data",
      description = "Keep the registry's volume (and its namespace): a later install reuses it.")
  boolean keepData;

  @Option(
      names = "--keep-node-files",
      description =
          "Leave the mirror files 'install --configure-nodes' wrote onto the nodes as they are"
              + " (default: put the nodes' configuration back first).")
  boolean keepNodeFiles;

  @Option(
      names = "--charts",
      description =
          "Remove only the Helm releases 'airlock install --chart' installed; the registry stays.")
  boolean charts;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description = "How long to wait for the objects to be gone (default: ${DEFAULT-VALUE}).")
  int timeout;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ConsoleProgress progress = new ConsoleProgress(err, false);
    Uninstaller.Result r;
    try (KubeConnection c = kube.connect()) {
      // Helm needs a kubeconfig file; in a pod with only a service account, releases stay listed.
      boolean file =
          kube.kubeconfig != null
              || io.airlock.installer.cluster.Kubeconfig.defaultFile().isPresent();
      Uninstaller u =
          new Uninstaller(
              c, progress, file ? HelmReleases.of(kube.kubeconfig, kube.context) : null);
      if (charts) {
        if (!file) {
          throw new io.airlock.core.BadInputException(
              "Removing Helm releases needs a kubeconfig file: none was given and none is set.",
              "Give --kubeconfig.");
        }
        var removed = u.uninstallReleases(kube.namespace);
        out.println(
            "Removed "
                + removed.size()
                + " Helm release(s)"
                + (removed.isEmpty()
                    ? "."
                    : ": "
                        + String.join(
                            ", ",
                            removed.stream().map(x -> x.namespace() + "/" + x.name()).toList())
                        + "."));
        out.flush();
        return ExitCodes.OK;
      }
      r = u.uninstall(kube.namespace, keepData, keepNodeFiles, Duration.ofSeconds(timeout));
    }
    r.notes().forEach(out::println);
    out.println(
        "Removed "
            + r.removed().size()
            + " object(s)"
            + (r.kept().isEmpty() ? "" : ", kept " + r.kept().size())
            + (r.state() == null
                ? "."
                : " (as the state Secret listed them), then the state Secret."));
    out.flush();
    return ExitCodes.OK;
  }
}
