package io.airlock.core;

import java.util.Locale;

/** Byte counts as people read them: 1.5 GB, 740 MB, 12 KB (powers of 1000, like disk vendors). */
public final class Sizes {

  private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB"};

  private Sizes() {}

  public static String human(long bytes) {
    if (bytes < 1000) {
      return bytes + " B";
    }
    double value = bytes;
    int unit = 0;
    while (value >= 1000 && unit < UNITS.length - 1) {
      value /= 1000;
      unit++;
    }
    return String.format(
        Locale.ROOT,
        value < 10 ? "%.2f %s" : value < 100 ? "%.1f %s" : "%.0f %s",
        value,
        UNITS[unit]);
  }
}
