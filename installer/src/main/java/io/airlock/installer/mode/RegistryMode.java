package io.airlock.installer.mode;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the nodes reach the registry Airlock installs (or the user's own). */
public enum RegistryMode {
  /** NodePort 31999 on 127.0.0.1 of every node, plain HTTP inside the node (Zarf's default). */
  NODEPORT("nodeport"),
  /** ClusterIP registry with mTLS, and a proxy DaemonSet on hostPort 127.0.0.1:5000 (seed 001). */
  HOSTPORT("hostport"),
  /** ClusterIP registry with mTLS, and a host-network proxy bound to [::1]:5000 (seeds 000/001). */
  HOSTNETWORK("hostnetwork"),
  /** The user's own registry; Airlock installs no registry. */
  EXTERNAL("external");

  private final String id;

  RegistryMode(String id) {
    this.id = id;
  }

  @com.fasterxml.jackson.annotation.JsonValue
  public String id() {
    return id;
  }

  public boolean usesProxy() {
    return this == HOSTPORT || this == HOSTNETWORK;
  }

  /**
   * @throws IllegalArgumentException naming the accepted modes
   */
  public static RegistryMode parse(String text) {
    for (RegistryMode m : values()) {
      if (m.id.equals(text.toLowerCase(Locale.ROOT))) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown mode '"
            + text
            + "' (use "
            + Arrays.stream(values()).map(RegistryMode::id).collect(Collectors.joining(", "))
            + ")");
  }
}
