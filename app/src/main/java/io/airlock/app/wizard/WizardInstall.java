package io.airlock.app.wizard;

import io.airlock.core.AirlockException;
import io.airlock.core.registry.ListenAddress;
import io.airlock.installer.cluster.KubeConnection;
import io.airlock.installer.pipeline.ClusterRequest;
import io.airlock.installer.pipeline.InstallPipeline;
import io.airlock.installer.pipeline.InstallRequest;
import io.airlock.installer.plan.RegistrySettings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * The wizard's choices as the installer's request: the same pipeline {@code airlock install} runs.
 * Glue only: every check and every step is the installer's.
 */
final class WizardInstall {

  private WizardInstall() {}

  /** The pipeline for what the pages chose (reads nothing from disk: fine on the FX thread). */
  static InstallPipeline pipeline(WizardState s) throws AirlockException {
    return InstallPipeline.of(request(s));
  }

  /** A call into the installer with a connection to the cluster and the namespace chosen. */
  interface ClusterCall<T> {
    T run(KubeConnection connection, String namespace) throws Exception;
  }

  /**
   * {@code call}, to run off the FX thread with its own connection; what it connects to is read
   * now, on the FX thread.
   */
  static <T> Callable<T> onCluster(WizardState s, ClusterCall<T> call) {
    Path file = s.kubeconfig.get();
    String context = s.context.get();
    String ns = namespace(s);
    return () -> {
      try (KubeConnection c = KubeConnection.open(file, context, Instant.now())) {
        return call.run(c, ns);
      }
    };
  }

  /** The namespace the person gave, or Airlock's own. */
  static String namespace(WizardState s) {
    return s.namespace.get().isBlank() ? "airlock-system" : s.namespace.get().strip();
  }

  /** The cluster the Cluster step probed, or null without one. */
  static ClusterRequest cluster(WizardState s) {
    if (s.noCluster.get() || s.cluster.get() == null) {
      return null;
    }
    return ClusterRequest.defaults(s.kubeconfig.get(), s.context.get(), s.namespace.get())
        .withAllowPrivilegedNamespace(s.allowPrivilegedNamespace.get())
        .withNodes(
            s.configureNodes.get() ? io.airlock.installer.nodes.NodeConsent.defaults() : null);
  }

  static InstallRequest request(WizardState s) throws AirlockException {
    InstallRequest.Trust trust =
        s.skipConfirmation.get() != null
            ? new InstallRequest.Trust.Unverified(s.skipConfirmation.get())
            : new InstallRequest.Trust.Verified(s.verification.get());
    InstallRequest.Destination destination;
    ClusterRequest cluster = cluster(s);
    if (s.registry.get() == RegistryChoice.EMBEDDED) {
      destination =
          new InstallRequest.Destination.Embedded(
              RegistryPage.embeddedStorage(s),
              ListenAddress.loopbacks(s.options.embeddedPort()),
              s.embedded.get());
    } else if (s.registry.get() != null && s.registry.get().inCluster()) {
      destination = new InstallRequest.Destination.InCluster();
      RegistrySettings defaults = RegistrySettings.defaults();
      String path = s.storageNodePath.get().strip();
      cluster =
          cluster.with(
              s.registry.get().mode.id(),
              new RegistrySettings(
                  defaults.nodePort(),
                  defaults.prefix(),
                  false,
                  null,
                  null,
                  defaults.registryImage(),
                  defaults.proxyImage(),
                  path.isEmpty() ? null : new RegistrySettings.NodeStorage(null, path)));
    } else {
      destination =
          new InstallRequest.Destination.External(
              Destination.of(s, Destination.embeddedHost(s)).target());
    }
    return new InstallRequest(
        s.bundlePath.get(),
        s.bundle.get(),
        trust,
        destination,
        cluster,
        s.options.workDir(),
        s.options.reportDir(),
        InstallRequest.PushTuning.defaults(),
        cluster == null || s.charts.get() == null || s.charts.get().isEmpty()
            ? InstallRequest.Charts.NONE
            : new InstallRequest.Charts(
                s.charts.get(), false, true, InstallRequest.Charts.DEFAULT_TIMEOUT));
  }
}
