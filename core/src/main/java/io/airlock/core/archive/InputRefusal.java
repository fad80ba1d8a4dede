package io.airlock.core.archive;

import io.airlock.core.BadInputException;
import java.io.IOException;

/**
 * A refusal raised inside a stream (which may only throw {@link IOException}): callers that read
 * through such streams unwrap it and throw the {@link BadInputException} it carries.
 */
public final class InputRefusal extends IOException {

  private final BadInputException reason;

  public InputRefusal(BadInputException reason) {
    super(reason.getMessage(), reason);
    this.reason = reason;
  }

  public BadInputException reason() {
    return reason;
  }
}
