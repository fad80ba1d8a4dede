package io.airlock.installer.plan;

import io.airlock.core.BadInputException;
import io.airlock.core.digest.DigestAlgorithm;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The seed injector's inputs: its binary per architecture and the payload (an OCI layout tar with
 * the registry and proxy images) with the SHA-256 of each chunk. The payload stays on disk; a chunk
 * is read only when its ConfigMap is written, so memory stays flat whatever its size.
 *
 * @param binaries injector binary bytes by architecture ({@code amd64}, {@code arm64})
 * @param chunkSha256 the SHA-256 (hex) of each chunk, in order: the list the injector checks
 */
public record SeedInput(
    Map<String, byte[]> binaries,
    Path payload,
    long payloadSize,
    String payloadSha256,
    List<String> chunkSha256,
    Map<String, String> references) {

  public SeedInput {
    binaries = new TreeMap<>(binaries);
    chunkSha256 = List.copyOf(chunkSha256);
    references = Map.copyOf(references);
  }

  /**
   * The digest the payload serves {@code reference} ({@code name:tag}) as, so a workload can pin
   * it: a node never runs an older image of the same tag it still has.
   */
  public java.util.Optional<String> digestOf(String reference) {
    return java.util.Optional.ofNullable(references.get(reference));
  }

  /** What the payload's {@code index.json} names, reference to digest (empty when unreadable). */
  private static Map<String, String> references(Path payload) {
    Map<String, String> refs = new TreeMap<>();
    try {
      io.airlock.core.archive.TarTree tree = io.airlock.core.archive.TarTree.open(payload);
      var index = tree.findFile("index.json");
      if (index.isEmpty()) {
        return refs;
      }
      var root = io.airlock.core.oci.Json.parse(index.get().content().readAll(4 << 20));
      for (var m : root.path("manifests")) {
        String ref = m.path("annotations").path("org.opencontainers.image.ref.name").asText("");
        if (!ref.isEmpty() && m.hasNonNull("digest")) {
          refs.put(ref, m.get("digest").asText());
        }
      }
    } catch (IOException | BadInputException | RuntimeException e) {
      // a payload of one's own without index.json: nothing to pin, the injector says what it lacks
    }
    return refs;
  }

  /**
   * Reads the binaries and hashes the payload in one pass (whole and per chunk).
   *
   * @throws BadInputException when a binary is too large for a ConfigMap or a file is unreadable
   */
  public static SeedInput of(Map<String, byte[]> binaries, Path payload)
      throws BadInputException, InterruptedIOException {
    for (Map.Entry<String, byte[]> b : binaries.entrySet()) {
      if (b.getValue().length > InjectorContract.MAX_BINARY_BYTES) {
        throw new BadInputException(
            "The injector binary for "
                + b.getKey()
                + " is "
                + b.getValue().length
                + " bytes; one ConfigMap holds at most "
                + InjectorContract.MAX_BINARY_BYTES
                + ".",
            "Use the injector built by Airlock's node module (a static binary under 1 MiB).");
      }
    }
    try (InputStream in = Files.newInputStream(payload)) {
      MessageDigest whole = DigestAlgorithm.SHA256.newMessageDigest();
      MessageDigest part = DigestAlgorithm.SHA256.newMessageDigest();
      List<String> parts = new ArrayList<>();
      byte[] buf = new byte[1 << 16];
      long size = 0;
      long inChunk = 0;
      while (true) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, InjectorContract.CHUNK_BYTES - inChunk));
        if (n < 0) {
          break;
        }
        whole.update(buf, 0, n);
        part.update(buf, 0, n);
        size += n;
        inChunk += n;
        if (inChunk == InjectorContract.CHUNK_BYTES) {
          parts.add(HexFormat.of().formatHex(part.digest()));
          inChunk = 0;
        }
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedIOException("interrupted while hashing " + payload);
        }
      }
      if (inChunk > 0 || parts.isEmpty()) {
        parts.add(HexFormat.of().formatHex(part.digest()));
      }
      return new SeedInput(
          binaries,
          payload,
          size,
          HexFormat.of().formatHex(whole.digest()),
          parts,
          references(payload));
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      throw new BadInputException(
          "Cannot read the seed payload " + payload + ": " + e.getMessage() + ".",
          "Check the path.",
          e);
    }
  }

  public int chunkCount() {
    return chunkSha256.size();
  }

  public long chunkSize(int index) {
    return Math.min(
        InjectorContract.CHUNK_BYTES, payloadSize - (long) index * InjectorContract.CHUNK_BYTES);
  }

  /** The chunk list in sha256sum's format ({@code HEX payload-0000}), as the injector reads it. */
  public String sums() {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < chunkSha256.size(); i++) {
      s.append(chunkSha256.get(i)).append("  ").append(InjectorContract.chunkName(i)).append('\n');
    }
    return s.toString();
  }

  /** The bytes of chunk {@code index}, read from the payload file now. */
  public byte[] chunk(int index) {
    try (FileChannel ch = FileChannel.open(payload, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.allocate((int) chunkSize(index));
      long pos = (long) index * InjectorContract.CHUNK_BYTES;
      while (buf.hasRemaining()) {
        int n = ch.read(buf, pos + buf.position());
        if (n < 0) {
          throw new IOException("the payload " + payload + " shrank while Airlock used it");
        }
      }
      return buf.array();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
