package io.airlock.core.registry;

import org.jspecify.annotations.Nullable;

/**
 * HTTP byte ranges for blob GETs: {@code bytes=START-END}, {@code bytes=START-}, {@code bytes=-N}.
 */
final class ByteRange {

  private ByteRange() {}

  /**
   * The {start, length} a single-range header asks for within {@code size} bytes, or null when it
   * cannot be satisfied or is not a single byte range.
   */
  static long @Nullable [] parse(String header, long size) {
    String h = header.trim();
    if (!h.startsWith("bytes=") || h.contains(",")) {
      return null;
    }
    String spec = h.substring(6).trim();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    try {
      String first = spec.substring(0, dash).trim();
      String last = spec.substring(dash + 1).trim();
      long start;
      long end;
      if (first.isEmpty()) {
        long suffix = Long.parseLong(last);
        if (suffix <= 0) {
          return null;
        }
        start = Math.max(0, size - suffix);
        end = size - 1;
      } else {
        start = Long.parseLong(first);
        end = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
      }
      if (start < 0 || start >= size || end < start) {
        return null;
      }
      return new long[] {start, end - start + 1};
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
