package io.airlock.installer.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * How the node proxy (built in the node module, issue 8) is started, as that module documents it:
 * {@code airlock-proxy --listen ADDRESS... --upstream HOST:PORT --ca FILE --cert FILE --key FILE},
 * with {@code --allow-non-loopback} when it listens inside the pod network behind a hostPort.
 */
public final class ProxyContract {

  public static final String TLS_DIR = "/airlock/tls";

  private ProxyContract() {}

  /**
   * @param upstream the registry as {@code host:port}
   * @param serverName the name the registry's certificate must carry (the upstream may be an
   *     address)
   */
  public static List<String> args(
      List<String> listen, String upstream, String serverName, boolean podNetwork) {
    List<String> args = new ArrayList<>();
    for (String address : listen) {
      args.add("--listen");
      args.add(address);
    }
    args.addAll(
        List.of(
            "--upstream",
            upstream,
            "--server-name",
            serverName,
            "--ca",
            TLS_DIR + "/ca.crt",
            "--cert",
            TLS_DIR + "/tls.crt",
            "--key",
            TLS_DIR + "/tls.key"));
    if (podNetwork) {
      args.add("--allow-non-loopback");
    }
    return args;
  }
}
