package io.airlock.installer.cluster;

/**
 * How Services are implemented on the nodes, which decides whether NodePorts answer on 127.0.0.1.
 */
public enum KubeProxyMode {
  IPTABLES("iptables"),
  IPVS("ipvs"),
  NFTABLES("nftables"),
  /** No kube-proxy: disabled, or replaced (Cilium, OVN-Kubernetes, ...). */
  NONE("none/replaced"),
  UNKNOWN("unknown");

  private final String display;

  KubeProxyMode(String display) {
    this.display = display;
  }

  public String display() {
    return display;
  }

  static KubeProxyMode parse(String mode) {
    return switch (mode == null ? "" : mode.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "", "iptables" -> IPTABLES; // empty means the Linux default, iptables
      case "ipvs" -> IPVS;
      case "nftables" -> NFTABLES;
      default -> UNKNOWN;
    };
  }
}
