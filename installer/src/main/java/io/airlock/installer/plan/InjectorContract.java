package io.airlock.installer.plan;

import io.airlock.node.InjectorPayload;
import java.util.ArrayList;
import java.util.List;

/**
 * How the seed injector of the node module is run in a pod: its binary and its payload chunks
 * mounted from ConfigMaps. Chunk names, sizes, the SHA-256 list and the arguments are the node
 * module's own ({@link InjectorPayload}, docs/node.md), so both sides cannot drift apart.
 */
public final class InjectorContract {

  /** ConfigMaps hold at most 1 MiB; 768 KiB chunks leave room for the rest of the object. */
  public static final int CHUNK_BYTES = InjectorPayload.CHUNK_BYTES;

  /** The injector binary per architecture must fit one ConfigMap. */
  public static final int MAX_BINARY_BYTES = 1024 * 1024 - 16 * 1024;

  public static final String BINARY_DIR = "/airlock/bin";
  public static final String BINARY_KEY = "airlock-injector";
  public static final String PAYLOAD_DIR = "/airlock/payload";
  public static final String SUMS_FILE = InjectorPayload.SUMS_FILE;

  /** The injector's port inside the pod network (NodePort mode). */
  public static final int CONTAINER_PORT = 5000;

  private InjectorContract() {}

  /** {@code payload-0000}, {@code payload-0001}, ...: name order is payload order. */
  public static String chunkName(int index) {
    return InjectorPayload.chunkName(index);
  }

  /**
   * The container's command.
   *
   * @param podNetwork true when it listens inside the pod network behind a NodePort (the injector
   *     otherwise refuses a non-loopback address: it has no authentication)
   */
  public static List<String> command(List<String> listen, boolean podNetwork) {
    List<String> cmd = new ArrayList<>();
    cmd.add(BINARY_DIR + "/" + BINARY_KEY);
    cmd.addAll(InjectorPayload.arguments(PAYLOAD_DIR, PAYLOAD_DIR + "/" + SUMS_FILE, listen));
    if (podNetwork) {
      cmd.add("--allow-non-loopback");
    }
    return cmd;
  }
}
