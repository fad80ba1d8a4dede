package io.airlock.core;

import java.util.Optional;

/**
 * A failure the user can act on. The message says what went wrong and where; the hint, when
 * present, says what to do about it. Front ends print both and never a stack trace.
 */
public abstract class AirlockException extends Exception {

  /** What kind of failure this is; front ends map it to an exit code or an icon. */
  public enum Kind {
    /** A check ran and failed: bad signature, digest mismatch. */
    CHECK_FAILED,
    /** The input cannot be used: missing, unreadable, malformed, or a usage error. */
    BAD_INPUT,
    /** The other side failed: a registry, a cluster, the network. */
    REMOTE
  }

  private final String hint;

  protected AirlockException(String message, String hint, Throwable cause) {
    super(message, cause);
    this.hint = hint;
  }

  public abstract Kind kind();

  /** What the user can do about it, if there is something useful to say. */
  public Optional<String> hint() {
    return Optional.ofNullable(hint);
  }
}
