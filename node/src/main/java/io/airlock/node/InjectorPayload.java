package io.airlock.node;

import io.airlock.core.digest.Digest;
import io.airlock.core.digest.DigestAlgorithm;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The injector's side of the contract with the installer: how a payload (an OCI image layout packed
 * as a tar) is cut into ConfigMap-sized chunks, the SHA-256 list the injector checks them against,
 * and its command line. The injector reads the chunks in the list's order.
 */
public final class InjectorPayload {

  /** At most this much per chunk: one ConfigMap, with room under the 1 MiB object limit. */
  public static final int CHUNK_BYTES = 768 * 1024;

  /** More chunks than this would be a payload of gigabytes: not a seed. */
  public static final int MAX_CHUNKS = 10_000;

  /** The file name the installer gives the SHA-256 list (e.g. a key of the injector ConfigMap). */
  public static final String SUMS_FILE = "payload.sha256";

  /** A chunk as written: its file name (also a valid ConfigMap key), size and SHA-256. */
  public record Chunk(String name, long size, Digest sha256) {}

  /** What {@link #split} wrote. */
  public record Split(List<Chunk> chunks, long size, Digest sha256) {

    public Split {
      chunks = List.copyOf(chunks);
    }

    /** The SHA-256 list in sha256sum's format ({@code sha256sum -c} accepts it). */
    public String sums() {
      StringBuilder text = new StringBuilder();
      for (Chunk c : chunks) {
        text.append(c.sha256().hex()).append("  ").append(c.name()).append('\n');
      }
      return text.toString();
    }

    public void writeSums(Path file) throws IOException {
      Files.writeString(file, sums(), StandardCharsets.US_ASCII);
    }
  }

  private InjectorPayload() {}

  /** {@code payload-0000}, {@code payload-0001}, ...: name order is payload order. */
  public static String chunkName(int index) {
    return String.format(Locale.ROOT, "payload-%04d", index);
  }

  /**
   * Cuts {@code payload} into chunk files in {@code directory}, streaming (memory stays flat).
   *
   * @throws IOException when reading or writing fails, or the payload needs more than {@link
   *     #MAX_CHUNKS} chunks
   */
  public static Split split(Path payload, Path directory) throws IOException {
    Files.createDirectories(directory);
    MessageDigest whole = DigestAlgorithm.SHA256.newMessageDigest();
    List<Chunk> chunks = new ArrayList<>();
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    try (InputStream in = Files.newInputStream(payload)) {
      boolean more = true;
      while (more) {
        String name = chunkName(chunks.size());
        Path target = directory.resolve(name);
        Path temp = directory.resolve(name + ".partial");
        MessageDigest part = DigestAlgorithm.SHA256.newMessageDigest();
        long size = 0;
        try (OutputStream out = Files.newOutputStream(temp)) {
          while (size < CHUNK_BYTES) {
            if (Thread.currentThread().isInterrupted()) {
              throw new InterruptedIOException("interrupted while splitting " + payload);
            }
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, CHUNK_BYTES - size));
            if (n < 0) {
              more = false;
              break;
            }
            out.write(buffer, 0, n);
            part.update(buffer, 0, n);
            whole.update(buffer, 0, n);
            size += n;
          }
        } catch (IOException e) {
          Files.deleteIfExists(temp);
          throw e;
        }
        if (size == 0 && !chunks.isEmpty()) {
          Files.delete(temp);
          break;
        }
        if (chunks.size() == MAX_CHUNKS) {
          Files.delete(temp);
          throw new IOException(
              payload
                  + " needs more than "
                  + MAX_CHUNKS
                  + " chunks; a seed payload must be smaller");
        }
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        chunks.add(new Chunk(name, size, Digest.of(DigestAlgorithm.SHA256, part.digest())));
        total += size;
      }
    }
    return new Split(chunks, total, Digest.of(DigestAlgorithm.SHA256, whole.digest()));
  }

  /**
   * The injector's arguments (after the executable): where the chunks and the list are mounted, and
   * the addresses to serve on, e.g. {@code 127.0.0.1:5000} and {@code [::1]:5000}.
   */
  public static List<String> arguments(
      String chunkDirectory, String sumsFile, List<String> listen) {
    List<String> args = new ArrayList<>(List.of("--payload", chunkDirectory, "--sums", sumsFile));
    for (String address : listen) {
      args.add("--listen");
      args.add(address);
    }
    return args;
  }
}
