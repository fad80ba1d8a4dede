package io.airlock.installer.plan;

import java.util.List;

/**
 * How the seed injector (built in the node module, issue 8) is started: where its binary and
 * payload chunks are mounted and which arguments it takes. The node module's injector must accept
 * exactly this; the lead aligns both when merging.
 */
public final class InjectorContract {

  /** ConfigMaps hold at most 1 MiB; 768 KiB chunks leave room for metadata. */
  public static final int CHUNK_BYTES = 768 * 1024;

  /** The injector binary per architecture must fit one ConfigMap. */
  public static final int MAX_BINARY_BYTES = 1024 * 1024 - 16 * 1024;

  public static final String BINARY_DIR = "/airlock/bin";
  public static final String BINARY_KEY = "injector";
  public static final String PAYLOAD_DIR = "/airlock/payload";
  public static final String CHUNK_KEY = "chunk";
  public static final int CONTAINER_PORT = 5000;

  private InjectorContract() {}

  /** The chunk file name inside {@link #PAYLOAD_DIR}: {@code chunk-0000}, in order. */
  public static String chunkFile(int index) {
    return String.format("chunk-%04d", index);
  }

  /** The container's command: serve the payload read-only on {@code listen}. */
  public static List<String> command(String payloadSha256, int chunks, String listen) {
    return List.of(
        BINARY_DIR + "/" + BINARY_KEY,
        "--payload-dir=" + PAYLOAD_DIR,
        "--chunks=" + chunks,
        "--sha256=" + payloadSha256,
        "--listen=" + listen);
  }
}
