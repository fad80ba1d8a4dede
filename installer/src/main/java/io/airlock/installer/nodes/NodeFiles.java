package io.airlock.installer.nodes;

import io.airlock.core.digest.Digest;
import io.airlock.installer.mirrors.ContainerdHosts;
import io.airlock.installer.mirrors.MirrorConfigs;
import io.airlock.installer.mirrors.MirrorFile;
import io.airlock.installer.mirrors.MirrorFormat;
import io.airlock.installer.mirrors.MirrorTarget;
import java.util.ArrayList;
import java.util.List;

/**
 * One runtime's mirror files as the node program writes them: the runtime's configuration directory
 * on the node (the only host path it mounts) and each file relative to it.
 *
 * @param root e.g. {@code /etc/containerd/certs.d}, {@code /etc/rancher/k3s}
 */
public record NodeFiles(MirrorFormat format, String root, List<File> files) {

  /** One file: its path below {@code root}, its content and the content's SHA-256. */
  public record File(String path, byte[] content) {
    public String sha256() {
      return Digest.sha256(content).hex();
    }
  }

  public NodeFiles {
    files = List.copyOf(files);
  }

  /** The files for {@code format}, or null for Talos (configured through its API, not its disk). */
  public static NodeFiles of(MirrorFormat format, MirrorTarget target, NodeConsent consent) {
    String root =
        switch (format) {
          case CONTAINERD -> consent.containerdHostsDir();
          case K3S -> "/etc/rancher/k3s";
          case RKE2 -> "/etc/rancher/rke2";
          case K0S -> "/etc/k0s";
          case CRIO -> "/etc/containers";
          case TALOS -> null;
        };
    if (root == null) {
      return null;
    }
    List<MirrorFile> mirrorFiles =
        format == MirrorFormat.CONTAINERD
            ? ContainerdHosts.files(target, root)
            : MirrorConfigs.of(format, target).files();
    List<File> files = new ArrayList<>();
    for (MirrorFile f : mirrorFiles) {
      if (!f.nodePath().startsWith(root + "/")) {
        throw new IllegalStateException(f.nodePath() + " is not below " + root);
      }
      files.add(new File(f.nodePath().substring(root.length() + 1), f.content()));
    }
    return new NodeFiles(format, root, files);
  }

  /**
   * What the runtime needs after a change before it pulls through the new files, or null when
   * nothing: containerd rereads hosts.toml at each pull once {@code config_path} names the
   * directory; k3s, RKE2 and k0s read their files at start; CRI-O rereads registries.conf.d on
   * reload (SIGHUP). Airlock restarts nothing itself: a runtime restarted from one of its own pods
   * could take the node's workloads down with it.
   *
   * @param configPath what containerd's {@code config_path} names on the node ("" unset, null
   *     unknown)
   */
  public String restart(String configPath) {
    return switch (format) {
      case CONTAINERD ->
          configPath == null || configPath.isEmpty()
              ? "set config_path = \""
                  + root
                  + "\" in containerd's CRI registry configuration, then restart containerd once"
              : null;
      case K3S ->
          "restart k3s or k3s-agent (systemctl restart k3s): it reads registries.yaml at start";
      case RKE2 ->
          "restart rke2-server or rke2-agent (systemctl restart rke2-agent): it reads registries.yaml at start";
      case K0S ->
          "restart k0s (systemctl restart k0sworker or k0scontroller) so it regenerates containerd's configuration";
      case CRIO -> "reload CRI-O (systemctl reload crio) so it rereads registries.conf.d";
      case TALOS -> null;
    };
  }
}
