package io.airlock.core.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a file holds, told from its first bytes rather than its name. */
public enum Compression {
  GZIP,
  ZSTD,
  /** Not compressed: look for a tar header next. */
  NONE;

  public static Compression of(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return of(in.readNBytes(4));
    }
  }

  public static Compression of(byte[] head) {
    if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return GZIP;
    }
    if (head.length >= 4
        && (head[0] & 0xff) == 0x28
        && (head[1] & 0xff) == 0xb5
        && (head[2] & 0xff) == 0x2f
        && (head[3] & 0xff) == 0xfd) {
      return ZSTD;
    }
    return NONE;
  }

  /** True for a 512-byte tar header with the POSIX or GNU "ustar" magic at offset 257. */
  public static boolean isTarHeader(byte[] header) {
    return header.length >= 262
        && "ustar".equals(new String(header, 257, 5, StandardCharsets.US_ASCII));
  }

  /** True when the file starts with a tar header. */
  public static boolean isTar(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return isTarHeader(in.readNBytes(512));
    }
  }
}
