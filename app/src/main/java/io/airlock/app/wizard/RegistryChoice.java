package io.airlock.app.wizard;

import io.airlock.installer.mode.RegistryMode;

/** Where the images go: the embedded registry on this machine, or a cluster registry mode. */
enum RegistryChoice {
  EMBEDDED("Embedded registry on this machine", null),
  EXTERNAL("External registry (yours)", RegistryMode.EXTERNAL),
  NODEPORT("NodePort registry in the cluster", RegistryMode.NODEPORT),
  HOSTPORT("hostPort proxy on every node", RegistryMode.HOSTPORT),
  HOSTNETWORK("IPv6 hostNetwork proxy on every node", RegistryMode.HOSTNETWORK);

  final String label;

  /** The installer's mode, null for the embedded registry. */
  final RegistryMode mode;

  RegistryChoice(String label, RegistryMode mode) {
    this.label = label;
    this.mode = mode;
  }

  boolean inCluster() {
    return this == NODEPORT || this == HOSTPORT || this == HOSTNETWORK;
  }

  static RegistryChoice of(RegistryMode mode) {
    for (RegistryChoice c : values()) {
      if (c.mode == mode) {
        return c;
      }
    }
    throw new IllegalArgumentException(String.valueOf(mode));
  }
}
