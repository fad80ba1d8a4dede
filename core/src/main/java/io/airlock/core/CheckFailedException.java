package io.airlock.core;

import org.jspecify.annotations.Nullable;

/** A verification ran to the end and the content is not what it claims to be. */
public class CheckFailedException extends AirlockException {

  public CheckFailedException(String message) {
    this(message, null, null);
  }

  public CheckFailedException(String message, @Nullable String hint) {
    this(message, hint, null);
  }

  public CheckFailedException(String message, @Nullable String hint, @Nullable Throwable cause) {
    super(message, hint, cause);
  }

  public CheckFailedException(Phrase message, @Nullable Phrase hint) {
    this(message, hint, null);
  }

  public CheckFailedException(Phrase message, @Nullable Phrase hint, @Nullable Throwable cause) {
    super(message, hint, cause);
  }

  /** Names this failure with a stable {@link #code()}; returns it to be thrown. */
  public CheckFailedException coded(String code) {
    setCode(code);
    return this;
  }

  @Override
  public Kind kind() {
    return Kind.CHECK_FAILED;
  }
}
