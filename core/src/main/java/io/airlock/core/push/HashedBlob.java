package io.airlock.core.push;

import io.airlock.core.archive.ContentSource;
import io.airlock.core.archive.FileSlice;
import io.airlock.core.archive.SliceChannel;
import io.airlock.core.digest.Digest;
import io.airlock.core.distribution.ContentMismatchException;
import io.airlock.core.distribution.SourceException;
import io.airlock.core.distribution.UploadBody;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.channels.Channels;
import java.security.MessageDigest;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A blob read for upload in chunks while it is hashed. The digest of everything the registry has
 * acknowledged is kept, so a chunk sent again (or a resumed upload) hashes only new bytes. When the
 * read reaches the end and the content does not match its digest, the read fails before the last
 * bytes are handed out: the registry never holds the whole blob, so it can never complete it.
 */
final class HashedBlob {

  private static final int BUFFER = 1 << 20;

  private final ContentSource source;
  private final Digest digest;
  private final long size;
  private final LongConsumer progress;
  private MessageDigest acknowledged;
  private long acknowledgedOffset;
  private volatile @Nullable ChunkStream latest;

  /**
   * @param progress told the bytes read so far (offset in the blob) as chunks go out
   */
  HashedBlob(ContentSource source, Digest digest, long size, LongConsumer progress) {
    this.source = source;
    this.digest = digest;
    this.size = size;
    this.progress = progress;
    this.acknowledged = digest.algorithm().newMessageDigest();
  }

  long size() {
    return size;
  }

  /**
   * The bytes {@code [from, from + length)}. Bytes before {@code from} that were not hashed yet are
   * read and hashed first (a resumed upload), without sending them.
   */
  UploadBody chunk(long from, long length) throws SourceException {
    if (size == 0) {
      Digest empty = Digest.of(digest.algorithm(), digest.algorithm().newMessageDigest().digest());
      if (!empty.equals(digest)) {
        throw new ContentMismatchException(digest, empty);
      }
    }
    if (from != acknowledgedOffset) {
      rehashTo(from);
    }
    return new UploadBody() {
      @Override
      public long length() {
        return length;
      }

      @Override
      public InputStream open() throws IOException {
        ChunkStream s = new ChunkStream(from, length, copyOf(acknowledged));
        latest = s;
        return s;
      }
    };
  }

  /** The registry confirmed everything up to {@code offset}: keep the hash of those bytes. */
  void acknowledge(long offset) throws SourceException {
    ChunkStream s = latest;
    if (s != null && s.from + s.read == offset) {
      acknowledged = copyOf(s.md);
      acknowledgedOffset = offset;
    } else if (offset != acknowledgedOffset) {
      rehashTo(offset);
    }
  }

  private void rehashTo(long offset) throws SourceException {
    MessageDigest md = digest.algorithm().newMessageDigest();
    try (InputStream in = openAt(0)) {
      byte[] buffer = new byte[BUFFER];
      long left = offset;
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new SourceException("the source of blob " + digest + " ended early", null);
        }
        md.update(buffer, 0, n);
        left -= n;
      }
    } catch (SourceException e) {
      throw e;
    } catch (IOException e) {
      throw new SourceException("cannot read blob " + digest + ": " + e.getMessage(), e);
    }
    acknowledged = md;
    acknowledgedOffset = offset;
  }

  private InputStream openAt(long offset) throws IOException {
    if (source instanceof FileSlice slice) {
      SliceChannel channel = slice.openChannel();
      channel.position(offset);
      return Channels.newInputStream(channel);
    }
    InputStream in = source.open();
    in.skipNBytes(offset);
    return in;
  }

  private static MessageDigest copyOf(MessageDigest md) {
    try {
      return (MessageDigest) md.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("digest state cannot be copied", e);
    }
  }

  /** One chunk's bytes, hashed as the HTTP client pulls them. */
  private final class ChunkStream extends InputStream {
    final long from;
    final long length;
    final MessageDigest md;
    long read;
    private @Nullable InputStream in;

    ChunkStream(long from, long length, MessageDigest md) {
      this.from = from;
      this.length = length;
      this.md = md;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (read >= length) {
        return -1;
      }
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedIOException("interrupted");
      }
      int n;
      try {
        if (in == null) {
          in = new BufferedInputStream(openAt(from), BUFFER);
        }
        n = in.read(b, off, (int) Math.min(len, length - read));
      } catch (IOException e) {
        throw new SourceException("cannot read blob " + digest + ": " + e.getMessage(), e);
      }
      if (n < 0) {
        throw new SourceException(
            "the source of blob "
                + digest
                + " ended after "
                + (from + read)
                + " of "
                + size
                + " bytes",
            null);
      }
      md.update(b, off, n);
      read += n;
      if (from + read == size) {
        Digest actual = Digest.of(digest.algorithm(), copyOf(md).digest());
        if (!actual.equals(digest)) {
          throw new ContentMismatchException(digest, actual);
        }
      }
      progress.accept(from + read);
      return n;
    }

    @Override
    public void close() throws IOException {
      if (in != null) {
        in.close();
      }
    }
  }
}
