package io.airlock.installer.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * How the seed injector (built in the node module, issue 8) is started, as that module documents it
 * ({@code io.airlock.node.InjectorPayload}, docs/node.md): the payload cut into chunks named {@code
 * payload-0000}, ... of at most 768 KiB, all mounted into one directory with a SHA-256 list in
 * sha256sum's format, and the command {@code airlock-injector --payload DIR --sums FILE --listen
 * ADDRESS...}. When the branches are merged, the lead points both sides at one class.
 */
public final class InjectorContract {

  /** ConfigMaps hold at most 1 MiB; 768 KiB chunks leave room for the rest of the object. */
  public static final int CHUNK_BYTES = 768 * 1024;

  /** The injector binary per architecture must fit one ConfigMap. */
  public static final int MAX_BINARY_BYTES = 1024 * 1024 - 16 * 1024;

  public static final String BINARY_DIR = "/airlock/bin";
  public static final String BINARY_KEY = "airlock-injector";
  public static final String PAYLOAD_DIR = "/airlock/payload";
  public static final String SUMS_FILE = "payload.sha256";

  /** The injector's port inside the pod network (NodePort mode). */
  public static final int CONTAINER_PORT = 5000;

  private InjectorContract() {}

  /** {@code payload-0000}, {@code payload-0001}, ...: name order is payload order. */
  public static String chunkName(int index) {
    return String.format("payload-%04d", index);
  }

  /**
   * The container's command.
   *
   * @param podNetwork true when it listens inside the pod network behind a NodePort (the injector
   *     otherwise refuses a non-loopback address: it has no authentication)
   */
  public static List<String> command(List<String> listen, boolean podNetwork) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                BINARY_DIR + "/" + BINARY_KEY,
                "--payload",
                PAYLOAD_DIR,
                "--sums",
                PAYLOAD_DIR + "/" + SUMS_FILE));
    for (String address : listen) {
      cmd.add("--listen");
      cmd.add(address);
    }
    if (podNetwork) {
      cmd.add("--allow-non-loopback");
    }
    return cmd;
  }
}
