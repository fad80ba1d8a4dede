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

  @Override
  public Kind kind() {
    return Kind.BAD_INPUT;
  }
}
