package io.airlock.core.distribution;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * The bytes to upload could not be produced: the source file failed to read, or its content is not
 * what its digest says. Never retried: the network is not at fault.
 */
public class SourceException extends IOException {

  public SourceException(@Nullable String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
