package io.airlock.installer.mirrors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * k0s (1.27+) merges every {@code /etc/k0s/containerd.d/*.toml} into the containerd it manages; the
 * drop-in points the CRI plugin's {@code config_path} at hosts.toml directories of our own.
 */
public final class K0sDropIn {

  static final String HOSTS_DIR = "/etc/k0s/certs.d";
  static final String DROP_IN = "/etc/k0s/containerd.d/airlock-registries.toml";

  private K0sDropIn() {}

  public static MirrorConfig config(MirrorTarget target) {
    List<MirrorFile> files = new ArrayList<>();
    Map<String, Object> doc =
        Map.of(
            "version",
            2,
            "plugins",
            Map.of(
                "io.containerd.grpc.v1.cri", Map.of("registry", Map.of("config_path", HOSTS_DIR))));
    files.add(MirrorFile.text(DROP_IN, Documents.toml(doc, ContainerdHosts.HEADER)));
    files.addAll(ContainerdHosts.files(target, HOSTS_DIR));
    return new MirrorConfig(
        MirrorFormat.K0S,
        files,
        List.of(
            "Place the files on every worker (and controllers started with --enable-worker)",
            "Restart k0s (systemctl restart k0sworker or k0scontroller) so it regenerates the containerd configuration"));
  }
}
