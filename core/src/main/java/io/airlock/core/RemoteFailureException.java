package io.airlock.core;

/** The other side failed or refused: a registry, a cluster, the network between. */
public class RemoteFailureException extends AirlockException {

  public RemoteFailureException(String message) {
    this(message, null, null);
  }

  public RemoteFailureException(String message, String hint) {
    this(message, hint, null);
  }

  public RemoteFailureException(String message, String hint, Throwable cause) {
    super(message, hint, cause);
  }

  @Override
  public Kind kind() {
    return Kind.REMOTE;
  }
}
