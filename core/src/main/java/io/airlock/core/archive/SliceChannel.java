package io.airlock.core.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A read-only window onto a region of a file channel. Reads are positional, so many windows can
 * share one channel, and a tar inside a tar is read in place as a window of the outer file.
 */
public final class SliceChannel implements SeekableByteChannel {

  private final FileChannel channel;
  private final long offset;
  private final long size;
  private final boolean ownsChannel;
  private long position;
  private boolean open = true;

  public SliceChannel(FileChannel channel, long offset, long size, boolean ownsChannel) {
    this.channel = channel;
    this.offset = offset;
    this.size = size;
    this.ownsChannel = ownsChannel;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    ensureOpen();
    long remaining = size - position;
    if (remaining <= 0) {
      return -1;
    }
    int wanted = (int) Math.min(dst.remaining(), remaining);
    ByteBuffer window = dst.slice();
    window.limit(wanted);
    int n = channel.read(window, offset + position);
    if (n > 0) {
      dst.position(dst.position() + n);
      position += n;
    }
    return n;
  }

  @Override
  public long position() throws IOException {
    ensureOpen();
    return position;
  }

  @Override
  public SeekableByteChannel position(long newPosition) throws IOException {
    ensureOpen();
    if (newPosition < 0) {
      throw new IllegalArgumentException("negative position");
    }
    position = newPosition;
    return this;
  }

  @Override
  public long size() throws IOException {
    ensureOpen();
    return size;
  }

  /** Where this window starts in the underlying file. */
  public long offset() {
    return offset;
  }

  @Override
  public int write(ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public SeekableByteChannel truncate(long newSize) {
    throw new NonWritableChannelException();
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() throws IOException {
    if (open) {
      open = false;
      if (ownsChannel) {
        channel.close();
      }
    }
  }

  private void ensureOpen() throws IOException {
    if (!open) {
      throw new ClosedChannelException();
    }
  }
}
