package io.airlock.core.archive;

import io.airlock.core.BadInputException;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The bounds Airlock keeps while it reads a bundle, so a crafted one cannot fill the disk, the heap
 * or the stack. The three adjustable ones come from the environment (a real bundle may one day need
 * more); the fixed ones are far above anything a bundle tool writes. All are listed in
 * docs/limits.md.
 *
 * @param maxExpansionRatio how many times its compressed size a member (and the whole archive) may
 *     expand to when unpacked; bundles hold compressed layers, which barely shrink
 * @param maxUnpackedBytes the most a compressed bundle may unpack to
 * @param diskReserveBytes what unpacking leaves free on the work directory's disk
 */
public record InputLimits(double maxExpansionRatio, long maxUnpackedBytes, long diskReserveBytes) {

  /**
   * A PAX header, GNU long name or other tar metadata record; real ones are a few hundred bytes.
   */
  public static final int MAX_TAR_METADATA = 1 << 20;

  /** Members of one archive (or files of one bundle directory); real bundles have thousands. */
  public static final int MAX_MEMBERS = 100_000;

  /** Directory levels below a bundle's root or an archive's; real bundles need fewer than ten. */
  public static final int MAX_DEPTH = 64;

  /** JSON documents of a bundle (manifests, configs, index.json, manifest.json), as registries. */
  public static final int MAX_DOCUMENT = 4 << 20;

  /** YAML documents of a bundle (airlock-bundle.yaml, Chart.yaml). */
  public static final int MAX_YAML = 1 << 20;

  /** Members smaller than this are checked for ratio only as part of the whole archive. */
  static final long RATIO_GRACE = 64L << 20;

  public static final InputLimits DEFAULT = new InputLimits(100, 1L << 40, 1L << 30);

  /** The limits a user may raise, each with the environment variable that sets it. */
  public enum Limit {
    EXPANSION_RATIO("AIRLOCK_MAX_EXPANSION"),
    UNPACKED_SIZE("AIRLOCK_MAX_UNPACKED"),
    DISK_RESERVE("AIRLOCK_DISK_RESERVE"),
    TAR_METADATA(null),
    MEMBERS(null),
    DEPTH(null),
    DOCUMENT_SIZE(null);

    private final @Nullable String variable;

    Limit(@Nullable String variable) {
      this.variable = variable;
    }

    /** The environment variable that sets this limit, or null for a fixed one. */
    public @Nullable String variable() {
      return variable;
    }
  }

  /** Refuses a member path deeper than {@link #MAX_DEPTH} below the root of {@code container}. */
  public static void checkDepth(String path, String container) throws LimitExceededException {
    int depth = 1;
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) == '/') {
        depth++;
      }
    }
    if (depth > MAX_DEPTH) {
      throw new LimitExceededException(
          "Refusing "
              + container
              + ": "
              + (path.length() > 80 ? path.substring(0, 80) + "..." : path)
              + " is "
              + depth
              + " levels deep; bundles need fewer than ten, and Airlock reads at most "
              + MAX_DEPTH
              + ".",
          Limit.DEPTH,
          MAX_DEPTH);
    }
  }

  /** The defaults, with what {@code env} sets instead. */
  public static InputLimits fromEnvironment(Map<String, String> env) throws BadInputException {
    return new InputLimits(
        number(env, Limit.EXPANSION_RATIO, DEFAULT.maxExpansionRatio),
        size(env, Limit.UNPACKED_SIZE, DEFAULT.maxUnpackedBytes),
        size(env, Limit.DISK_RESERVE, DEFAULT.diskReserveBytes));
  }

  private static double number(Map<String, String> env, Limit limit, double fallback)
      throws BadInputException {
    String text = env.get(limit.variable());
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      double value = Double.parseDouble(text.trim());
      if (value >= 1) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadInputException(
        limit.variable() + " is '" + text + "', not a number of at least 1.",
        "Set it like " + limit.variable() + "=500, or unset it for the default.");
  }

  private static long size(Map<String, String> env, Limit limit, long fallback)
      throws BadInputException {
    String text = env.get(limit.variable());
    if (text == null || text.isBlank()) {
      return fallback;
    }
    String t = text.trim().toUpperCase(Locale.ROOT);
    int power = "KMGTP".indexOf(t.charAt(t.length() - 1)) + 1;
    try {
      long value = Long.parseLong(power > 0 ? t.substring(0, t.length() - 1) : t);
      if (value >= 0) {
        return value << (10 * power);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadInputException(
        limit.variable() + " is '" + text + "', not a size.",
        "Set it like " + limit.variable() + "=2G (K, M, G, T: powers of 1024), or unset it.");
  }
}
