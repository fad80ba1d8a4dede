package io.airlock.core;

import org.jspecify.annotations.Nullable;

/** The input cannot be used: missing, unreadable, truncated, malformed or unsafe. */
public class BadInputException extends AirlockException {

  public BadInputException(String message) {
    this(message, null, null);
  }

  public BadInputException(String message, @Nullable String hint) {
    this(message, hint, null);
  }

  public BadInputException(String message, @Nullable String hint, @Nullable Throwable cause) {
    super(message, hint, cause);
  }

  public BadInputException(Phrase message, @Nullable Phrase hint) {
    this(message, hint, null);
  }

  public BadInputException(Phrase message, @Nullable Phrase hint, @Nullable Throwable cause) {
    super(message, hint, cause);
  }

  /** Names this failure with a stable {@link #code()}; returns it to be thrown. */
  public BadInputException coded(String code) {
    setCode(code);
    return this;
  }

  @Override
  public Kind kind() {
    return Kind.BAD_INPUT;
  }
}
