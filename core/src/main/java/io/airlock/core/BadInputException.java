package io.airlock.core;

/** The input cannot be used: missing, unreadable, truncated, malformed or unsafe. */
public class BadInputException extends AirlockException {

  public BadInputException(String message) {
    this(message, null, null);
  }

  public BadInputException(String message, String hint) {
    this(message, hint, null);
  }

  public BadInputException(String message, String hint, Throwable cause) {
    super(message, hint, cause);
  }

  public BadInputException(Phrase message, Phrase hint) {
    this(message, hint, null);
  }

  public BadInputException(Phrase message, Phrase hint, Throwable cause) {
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
