package io.airlock.core.distribution;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A registry request that failed for good (after retries where retrying made sense). Carries what
 * was tried, the HTTP status and the registry's own error codes, so the caller can say precisely
 * what went wrong and what to do.
 */
public final class RegistryFailure extends Exception {

  /** What kind of failure, for choosing the advice. */
  public enum Kind {
    /** Nothing answered: refused, reset, unknown host, timed out. */
    CONNECTION,
    /** The TLS handshake failed, typically an unknown certificate or a plain-HTTP registry. */
    TLS,
    /** 401: no credentials, or the registry refused them. */
    UNAUTHORIZED,
    /** 403: the credentials do not allow this. */
    FORBIDDEN,
    /** 404 where the content had to exist. */
    NOT_FOUND,
    /** A 4xx refusal, such as a manifest the registry does not accept. */
    REJECTED,
    /** 5xx or 429 after all retries. */
    SERVER,
    /** The answer does not follow the distribution spec. */
    PROTOCOL,
    /** The bytes to send could not be read, or are not what their digest says. */
    SOURCE,
    /** Airlock refused to send credentials over plain HTTP to another machine. */
    INSECURE_CREDENTIALS
  }

  /** The status registries answer when their storage is full. */
  public static final int INSUFFICIENT_STORAGE = 507;

  private final Kind kind;
  private final String action;
  private final int status;
  private final List<RegistryError> errors;
  private final @Nullable String retryAfter;

  public RegistryFailure(
      Kind kind,
      String action,
      int status,
      List<RegistryError> errors,
      @Nullable String detail,
      @Nullable Throwable cause) {
    this(kind, action, status, errors, detail, cause, null);
  }

  RegistryFailure(
      Kind kind,
      String action,
      int status,
      List<RegistryError> errors,
      @Nullable String detail,
      @Nullable Throwable cause,
      @Nullable String retryAfter) {
    super(describe(action, status, errors, detail), cause);
    this.kind = kind;
    this.action = action;
    this.status = status;
    this.errors = List.copyOf(errors);
    this.retryAfter = retryAfter;
  }

  /** Never null: made from the action, the status and the registry's errors. */
  @Override
  public String getMessage() {
    return Objects.requireNonNull(super.getMessage());
  }

  /** The registry's Retry-After header, when it sent one. */
  public Optional<String> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  public Kind kind() {
    return kind;
  }

  /** What was being tried, e.g. "upload blob sha256:... to 127.0.0.1:5000/x". */
  public String action() {
    return action;
  }

  /** The HTTP status, or 0 when no answer came. */
  public int status() {
    return status;
  }

  public List<RegistryError> errors() {
    return errors;
  }

  /**
   * HTTP 507: the registry's storage is full. Not worth retrying: space comes back only when
   * someone frees it.
   */
  public boolean isStorageFull() {
    return status == INSUFFICIENT_STORAGE;
  }

  /** True when the registry said this code, e.g. {@code BLOB_UPLOAD_UNKNOWN}. */
  public boolean hasCode(String code) {
    return errors.stream().anyMatch(e -> e.code().equals(code));
  }

  private static String describe(
      String action, int status, List<RegistryError> errors, @Nullable String detail) {
    StringBuilder s = new StringBuilder("could not ").append(action).append(": ");
    if (status > 0) {
      s.append("HTTP ").append(status);
      if (!errors.isEmpty()) {
        s.append(" ").append(errors.get(0));
      }
      if (detail != null && !detail.isEmpty()) {
        s.append(errors.isEmpty() ? " " : "; ").append(detail);
      }
    } else {
      s.append(detail);
    }
    return s.toString();
  }

  /** The failure an answer with an unexpected status means, by its status and error body. */
  static RegistryFailure unexpected(String action, Transport.Response r) {
    int status = r.status();
    RegistryFailure.Kind kind =
        switch (status) {
          case 401 -> RegistryFailure.Kind.UNAUTHORIZED;
          case 403 -> RegistryFailure.Kind.FORBIDDEN;
          case 404 -> RegistryFailure.Kind.NOT_FOUND;
          default ->
              status == 429 || status >= 500
                  ? RegistryFailure.Kind.SERVER
                  : status >= 400 ? RegistryFailure.Kind.REJECTED : RegistryFailure.Kind.PROTOCOL;
        };
    List<RegistryError> errors = r.errors();
    return new RegistryFailure(
        kind,
        action,
        status,
        errors,
        errors.isEmpty() ? RegistryError.excerpt(r.body()) : null,
        null,
        r.header("Retry-After").orElse(null));
  }
}
