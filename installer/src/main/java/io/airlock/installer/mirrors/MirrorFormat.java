package io.airlock.installer.mirrors;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The node-side configuration formats Airlock writes. */
public enum MirrorFormat {
  /** containerd's hosts.toml directories ({@code config_path} style, containerd 1.5+). */
  CONTAINERD("containerd"),
  /** {@code /etc/rancher/k3s/registries.yaml}. */
  K3S("k3s"),
  /** {@code /etc/rancher/rke2/registries.yaml}. */
  RKE2("rke2"),
  /** A k0s containerd drop-in plus hosts.toml directories. */
  K0S("k0s"),
  /** A Talos machine config patch ({@code machine.registries}). */
  TALOS("talos"),
  /** A CRI-O / containers-registries.conf drop-in. */
  CRIO("crio");

  private final String id;

  MirrorFormat(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /**
   * @throws IllegalArgumentException naming the accepted formats
   */
  public static MirrorFormat parse(String text) {
    for (MirrorFormat f : values()) {
      if (f.id.equals(text.toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown mirror format '"
            + text
            + "' (use "
            + Arrays.stream(values()).map(MirrorFormat::id).collect(Collectors.joining(", "))
            + ")");
  }
}
