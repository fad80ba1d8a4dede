package io.airlock.core;

/** A verification ran to the end and the content is not what it claims to be. */
public class CheckFailedException extends AirlockException {

  public CheckFailedException(String message) {
    this(message, null, null);
  }

  public CheckFailedException(String message, String hint) {
    this(message, hint, null);
  }

  public CheckFailedException(String message, String hint, Throwable cause) {
    super(message, hint, cause);
  }

  @Override
  public Kind kind() {
    return Kind.CHECK_FAILED;
  }
}
