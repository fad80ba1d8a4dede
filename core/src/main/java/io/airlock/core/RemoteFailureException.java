package io.airlock.core;

import org.jspecify.annotations.Nullable;

/** The other side failed or refused: a registry, a cluster, the network between. */
public class RemoteFailureException extends AirlockException {

  public RemoteFailureException(String message) {
    this(message, null, null);
  }

  public RemoteFailureException(String message, @Nullable String hint) {
    this(message, hint, null);
  }

  public RemoteFailureException(String message, @Nullable String hint, @Nullable Throwable cause) {
    super(message, hint, cause);
  }

  public RemoteFailureException(Phrase message, @Nullable Phrase hint) {
    this(message, hint, null);
  }

  public RemoteFailureException(Phrase message, @Nullable Phrase hint, @Nullable Throwable cause) {
    super(message, hint, cause);
  }

  /** Names this failure with a stable {@link #code()}; returns it to be thrown. */
  public RemoteFailureException coded(String code) {
    setCode(code);
    return this;
  }

  @Override
  public Kind kind() {
    return Kind.REMOTE;
  }
}
