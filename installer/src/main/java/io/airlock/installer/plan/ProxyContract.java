package io.airlock.installer.plan;

import java.util.List;

/**
 * How the node proxy (built in the node module, issue 8) is started: it listens on the node's
 * loopback and forwards to the registry over mutual TLS. The node module's proxy must accept
 * exactly these arguments; the lead aligns both when merging.
 */
public final class ProxyContract {

  public static final String TLS_DIR = "/airlock/tls";

  private ProxyContract() {}

  public static List<String> args(String listen, String upstream) {
    return List.of(
        "--listen=" + listen,
        "--upstream=" + upstream,
        "--cert=" + TLS_DIR + "/tls.crt",
        "--key=" + TLS_DIR + "/tls.key",
        "--ca=" + TLS_DIR + "/ca.crt");
  }
}
