package io.airlock.cli;

import io.airlock.core.AirlockException;

/** The exit codes every airlock command uses, so scripts can tell outcomes apart. */
public final class ExitCodes {

  public static final int OK = 0;

  /** A check ran and failed: bad signature, digest mismatch. */
  public static final int CHECK_FAILED = 1;

  /** Usage error or unreadable input. */
  public static final int BAD_INPUT = 2;

  /** A remote side failed: registry, cluster, network. */
  public static final int REMOTE_FAILED = 3;

  /** Airlock itself failed; please report it. */
  public static final int INTERNAL_ERROR = 4;

  /** The Java runtime failed: out of memory, stack overflow (the input named is the suspect). */
  public static final int JAVA_FAILED = 5;

  /** Interrupted by Ctrl-C or SIGTERM. */
  public static final int INTERRUPTED = 130;

  private ExitCodes() {}

  public static int of(AirlockException e) {
    return switch (e.kind()) {
      case CHECK_FAILED -> CHECK_FAILED;
      case BAD_INPUT -> BAD_INPUT;
      case REMOTE -> REMOTE_FAILED;
    };
  }
}
