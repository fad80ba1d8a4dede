package io.airlock.cli;

import io.airlock.core.AirlockException;
import io.airlock.core.BadInputException;
import io.airlock.core.distribution.Credentials;
import io.airlock.installer.mirrors.RegistryUrl;
import io.airlock.installer.nodes.NodeConsent;
import io.airlock.installer.pipeline.ClusterRequest;
import io.airlock.installer.pipeline.InstallRequest;
import io.airlock.installer.plan.RegistrySettings;
import io.airlock.installer.target.RegistryTarget;
import io.airlock.node.NodeImages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * What {@code airlock install} puts into the cluster: the registry mode or your own registry, its
 * storage, certificates and seed, as the installer's {@link ClusterRequest} and destination.
 */
final class InstallClusterOptions {

  @Option(
      names = "--insecure-skip-tls-verify",
      description = "--registry-url: accept any TLS certificate (encrypted, not authenticated).")
  boolean insecureSkipTls;

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      description =
          "nodeport, hostport, hostnetwork or external. Default: the mode installed before, else the recommendation of 'airlock cluster probe'.")
  String mode;

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

  @Option(
      names = "--configure-nodes",
      description = {
        "Consent to Airlock writing the mirror files onto every node (one-shot DaemonSet,",
        "backups of what it replaces, restored by uninstall). Without it nodes are not touched."
      })
  boolean configureNodes;

  @Option(
      names = "--containerd-config",
      paramLabel = "FILE",
      defaultValue = NodeConsent.CONTAINERD_CONFIG,
      description = "containerd's configuration on the nodes (default: ${DEFAULT-VALUE}).")
  String containerdConfig;

  @Option(
      names = "--containerd-hosts-dir",
      paramLabel = "DIR",
      defaultValue = NodeConsent.CONTAINERD_HOSTS_DIR,
      description =
          "The directory its config_path names, for hosts.toml (default: ${DEFAULT-VALUE}).")
  String containerdHostsDir;

  /** The cluster side of the request, after checking which options go together. */
  ClusterRequest cluster(KubeOptions kube, Duration readyTimeout) throws BadInputException {
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
    return new ClusterRequest(
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
        readyTimeout,
        nodeConsent());
  }

  private NodeConsent nodeConsent() throws BadInputException {
    if (!configureNodes) {
      return null;
    }
    try {
      return new NodeConsent(containerdConfig, containerdHostsDir);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(
          "Invalid --containerd-config or --containerd-hosts-dir: " + e.getMessage() + ".",
          "Give absolute paths on the nodes, e.g. /etc/containerd/config.toml.");
    }
  }

  /** Airlock's registry in the cluster, or yours (--registry-url). */
  InstallRequest.Destination destination(Credentials credentials) throws AirlockException {
    return registryUrl == null
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
                credentials,
                flatten,
                RegistryTarget.Words.INSTALL));
  }
}
