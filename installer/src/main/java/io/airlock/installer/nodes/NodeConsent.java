package io.airlock.installer.nodes;

/**
 * The person's consent to Airlock writing the mirror files onto the nodes ({@code install
 * --configure-nodes}), and where containerd keeps its configuration on them.
 *
 * @param containerdConfig containerd's {@code config.toml} on the nodes
 * @param containerdHostsDir the directory its {@code config_path} names, where hosts.toml go
 */
public record NodeConsent(String containerdConfig, String containerdHostsDir) {

  public static final String CONTAINERD_CONFIG = "/etc/containerd/config.toml";
  public static final String CONTAINERD_HOSTS_DIR = "/etc/containerd/certs.d";

  public NodeConsent {
    for (String p : new String[] {containerdConfig, containerdHostsDir}) {
      if (!p.startsWith("/") || p.contains("..") || p.equals("/")) {
        throw new IllegalArgumentException("'" + p + "' is not an absolute path below /");
      }
    }
  }

  public static NodeConsent defaults() {
    return new NodeConsent(CONTAINERD_CONFIG, CONTAINERD_HOSTS_DIR);
  }
}
