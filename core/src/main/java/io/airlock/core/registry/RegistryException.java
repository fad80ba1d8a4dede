package io.airlock.core.registry;

import java.util.Objects;

/**
 * A request the registry refuses: becomes one spec error body {@code {"errors":[{code, message,
 * detail}]}} with its HTTP status. The message says what was wrong with this request.
 */
public final class RegistryException extends Exception {

  private final ErrorCode code;
  private final int status;

  public RegistryException(ErrorCode code, String message) {
    this(code, code.status(), message);
  }

  public RegistryException(ErrorCode code, int status, String message) {
    super(message);
    this.code = code;
    this.status = status;
  }

  public ErrorCode code() {
    return code;
  }

  /** Never null: every refusal says what was wrong. */
  @Override
  public String getMessage() {
    return Objects.requireNonNull(super.getMessage());
  }

  public int status() {
    return status;
  }

  static final String STORAGE_FULL = "the registry's storage is full: ";
  private static final int INSUFFICIENT_STORAGE = 507;

  /** Storage full: the disk or the configured cap. 507 so clients do not retry in a loop. */
  static RegistryException storageFull(String detail) {
    return new RegistryException(ErrorCode.DENIED, INSUFFICIENT_STORAGE, STORAGE_FULL + detail);
  }

  boolean isStorageFull() {
    return status == INSUFFICIENT_STORAGE;
  }

  static RegistryException servedFromBundle(String what) {
    return new RegistryException(
        ErrorCode.UNSUPPORTED, what + " is served read-only from the bundle and cannot be deleted");
  }

  static RegistryException manifestUnknown(String repo, String reference) {
    return new RegistryException(
        ErrorCode.MANIFEST_UNKNOWN,
        "manifest " + Names.abbreviate(reference) + " is not in repository " + repo);
  }
}
