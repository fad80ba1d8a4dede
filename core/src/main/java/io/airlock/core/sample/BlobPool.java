package io.airlock.core.sample;

import io.airlock.core.archive.TarWriter;
import io.airlock.core.digest.Digest;
import io.airlock.core.digest.DigestAlgorithm;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A directory of content-addressed blobs that sample images are assembled from. Layers are gzipped
 * tars of seeded random data: valid for skopeo and containerd, reproducible, and as incompressible
 * as real compressed layers.
 */
final class BlobPool {

  /** A layer: its blob (gzipped) and the digest and size of the tar inside (the diff ID). */
  record Layer(Digest digest, long size, Digest diffId, long diffSize) {}

  private final Path dir;
  private final Map<Digest, Long> sizes = new HashMap<>();

  BlobPool(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
  }

  Path path(Digest digest) {
    return dir.resolve(digest.hex());
  }

  long size(Digest digest) {
    return Objects.requireNonNull(sizes.get(digest));
  }

  Digest putBytes(byte[] content) throws IOException {
    Digest digest = Digest.sha256(content);
    Files.write(path(digest), content);
    sizes.put(digest, (long) content.length);
    return digest;
  }

  /** Writes a layer holding one file of {@code bytes} random bytes drawn from {@code seed}. */
  Layer putRandomLayer(String fileName, long bytes, long seed) throws IOException {
    return putLayer(tar -> tar.addStream("data/" + fileName, bytes, new RandomStream(seed, bytes)));
  }

  /** A layer holding one program at {@code /NAME}, mode 0555. */
  Layer putExecutableLayer(String name, byte[] program) throws IOException {
    return putLayer(tar -> tar.addExecutable(name, program));
  }

  private interface LayerContent {
    void write(TarWriter tar) throws IOException;
  }

  private Layer putLayer(LayerContent content) throws IOException {
    Path temp = Files.createTempFile(dir, "layer", ".tmp");
    MessageDigest blobHash = DigestAlgorithm.SHA256.newMessageDigest();
    MessageDigest diffHash = DigestAlgorithm.SHA256.newMessageDigest();
    CountingOutputStream diffCount;
    CountingOutputStream blobCount;
    try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 20)) {
      blobCount = new CountingOutputStream(new DigestOutputStream(file, blobHash));
      GZIPOutputStream gzip = new StoredGzipOutputStream(blobCount);
      diffCount = new CountingOutputStream(new DigestOutputStream(gzip, diffHash));
      try (TarWriter tar = new TarWriter(diffCount)) {
        content.write(tar);
      }
    }
    Digest digest = Digest.of(DigestAlgorithm.SHA256, blobHash.digest());
    Files.move(temp, path(digest), StandardCopyOption.REPLACE_EXISTING);
    sizes.put(digest, blobCount.count);
    return new Layer(
        digest,
        blobCount.count,
        Digest.of(DigestAlgorithm.SHA256, diffHash.digest()),
        diffCount.count);
  }

  InputStream openUncompressed(Digest layer) throws IOException {
    return new GZIPInputStream(Files.newInputStream(path(layer)), 1 << 16);
  }

  /** Seeded random bytes, generated eight at a time: fast enough for gigabytes. */
  private static final class RandomStream extends InputStream {
    private final SplittableRandom random;
    private long remaining;

    RandomStream(long seed, long length) {
      random = new SplittableRandom(seed);
      remaining = length;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (remaining <= 0) {
        return -1;
      }
      int n = (int) Math.min(len, remaining) & ~7;
      if (n == 0) {
        n = (int) Math.min(len, remaining);
        for (int i = 0; i < n; i++) {
          b[off + i] = (byte) random.nextInt();
        }
      } else {
        ByteBuffer buffer = ByteBuffer.wrap(b, off, n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i += 8) {
          buffer.putLong(random.nextLong());
        }
      }
      remaining -= n;
      return n;
    }
  }

  private static final class CountingOutputStream extends FilterOutputStream {
    long count;

    CountingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }

  /** Random data does not compress; storing it keeps sample generation at disk speed. */
  private static final class StoredGzipOutputStream extends GZIPOutputStream {
    StoredGzipOutputStream(OutputStream out) throws IOException {
      super(out, 1 << 16);
      def.setLevel(Deflater.NO_COMPRESSION);
    }
  }
}
