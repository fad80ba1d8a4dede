package io.airlock.core.archive;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** {@code size} bytes of {@code file} starting at {@code offset}: a file, or a member of a tar. */
public record FileSlice(Path file, long offset, long size) implements ContentSource {

  public FileSlice {
    if (offset < 0 || size < 0) {
      throw new IllegalArgumentException("negative offset or size");
    }
  }

  /** The whole file. */
  public static FileSlice of(Path file, long size) {
    return new FileSlice(file, 0, size);
  }

  @Override
  public InputStream open() throws IOException {
    return Channels.newInputStream(openChannel());
  }

  /** A channel over the slice; fails at once when the file is too short to hold it. */
  public SliceChannel openChannel() throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      long fileSize = channel.size();
      if (fileSize < offset + size) {
        throw new EOFException(
            file
                + " is truncated: it has "
                + fileSize
                + " bytes, content runs to byte "
                + (offset + size));
      }
      return new SliceChannel(channel, offset, size, true);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Reads the whole slice; only for documents known to be small. */
  public byte[] readAll(int limit) throws IOException {
    if (size > limit) {
      throw new IOException(file + " at " + offset + ": " + size + " bytes is more than " + limit);
    }
    try (InputStream in = open()) {
      return in.readNBytes((int) size);
    }
  }
}
