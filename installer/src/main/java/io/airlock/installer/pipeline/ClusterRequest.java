package io.airlock.installer.pipeline;

import io.airlock.installer.plan.RegistrySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The cluster an installation works on, and how.
 *
 * @param kubeconfig the kubeconfig, or null for {@code KUBECONFIG} / {@code ~/.kube/config}
 * @param context its context, or null for the current one
 * @param mode the mode asked for, or null (the one installed before, else the recommendation)
 * @param tls the person's own server certificate, or null to let Airlock issue one
 * @param seedPayload a seed payload of one's own (with {@code injectors}), or null for Airlock's
 * @param readyTimeout how long a pod may take to serve before the step fails with its events
 */
public record ClusterRequest(
    Path kubeconfig,
    String context,
    String namespace,
    String mode,
    RegistrySettings registry,
    boolean allowPrivilegedNamespace,
    String keyAlgorithm,
    UserTls tls,
    List<String> extraNames,
    Path seedPayload,
    Map<String, Path> injectors,
    Duration readyTimeout,
    io.airlock.installer.nodes.NodeConsent nodes) {

  public ClusterRequest {
    extraNames = List.copyOf(extraNames);
    injectors = Map.copyOf(injectors);
  }

  /**
   * Every default: the registry settings, ECDSA keys, Airlock's seed, three minutes to be ready.
   */
  public static ClusterRequest defaults(Path kubeconfig, String context, String namespace) {
    return new ClusterRequest(
        kubeconfig,
        context,
        namespace,
        null,
        RegistrySettings.defaults(),
        false,
        "ecdsa",
        null,
        List.of(),
        null,
        Map.of(),
        DEFAULT_READY_TIMEOUT,
        null);
  }

  public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofMinutes(3);

  /** The same cluster with a mode and registry settings chosen. */
  public ClusterRequest with(String m, RegistrySettings settings) {
    return copy(m, settings, allowPrivilegedNamespace, nodes);
  }

  public ClusterRequest withAllowPrivilegedNamespace(boolean allow) {
    return copy(mode, registry, allow, nodes);
  }

  private ClusterRequest copy(
      String m,
      RegistrySettings settings,
      boolean allow,
      io.airlock.installer.nodes.NodeConsent consent) {
    return new ClusterRequest(
        kubeconfig,
        context,
        namespace,
        m,
        settings,
        allow,
        keyAlgorithm,
        tls,
        extraNames,
        seedPayload,
        injectors,
        readyTimeout,
        consent);
  }

  /** With (non-null) or without the consent to write the mirror files onto the nodes. */
  public ClusterRequest withNodes(io.airlock.installer.nodes.NodeConsent consent) {
    return copy(mode, registry, allowPrivilegedNamespace, consent);
  }

  /** A server certificate the person brings: certificate, key and the CA that signed it. */
  public record UserTls(Path cert, Path key, Path ca) {}
}
