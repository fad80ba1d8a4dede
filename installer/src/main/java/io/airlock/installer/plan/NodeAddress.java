package io.airlock.installer.plan;

import io.airlock.installer.mode.RegistryMode;

/** Where the nodes reach the registry in each in-cluster mode: always their own loopback. */
public final class NodeAddress {

  private NodeAddress() {}

  /**
   * {@code HOST:PORT} the nodes pull from, plain HTTP inside the node.
   *
   * @throws IllegalArgumentException for mode external, whose address is the user's
   */
  public static String of(RegistryMode mode, int nodePort) {
    return switch (mode) {
      case NODEPORT -> "127.0.0.1:" + nodePort;
      case HOSTPORT -> "127.0.0.1:" + ProxyObjects.PORT;
      case HOSTNETWORK -> "[::1]:" + ProxyObjects.PORT;
      case EXTERNAL -> throw new IllegalArgumentException("mode external has the user's address");
    };
  }
}
