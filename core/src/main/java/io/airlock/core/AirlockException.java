package io.airlock.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A failure the user can act on. The message says what went wrong and where; the hint, when
 * present, says what to do about it. Front ends print both and never a stack trace.
 *
 * <p>Core never names a flag or a command: where the message or hint refers to something the user
 * can set or run, it is a {@link Setting} inside a {@link Phrase}, and each front end renders it in
 * its own words ({@link #message(Function)}, {@link #hint(Function)}). {@link #getMessage()} and
 * {@link #hint()} give the plain words. A {@link #code()} names the failure for scripts and
 * reports.
 */
public abstract class AirlockException extends Exception {

  /** What kind of failure this is; front ends map it to an exit code or an icon. */
  public enum Kind {
    /** A check ran and failed: bad signature, digest mismatch. */
    CHECK_FAILED,
    /** The input cannot be used: missing, unreadable, malformed, or a usage error. */
    BAD_INPUT,
    /** The other side failed: a registry, a cluster, the network. */
    REMOTE
  }

  private final Phrase message;
  private final @Nullable Phrase hint;
  private @Nullable String code;

  protected AirlockException(String message, @Nullable String hint, @Nullable Throwable cause) {
    this(Phrase.of(message), hint == null ? null : Phrase.of(hint), cause);
  }

  protected AirlockException(Phrase message, @Nullable Phrase hint, @Nullable Throwable cause) {
    super(message.toString(), cause);
    this.message = message;
    this.hint = hint;
  }

  public abstract Kind kind();

  /** Never null: the message's plain words. */
  @Override
  public String getMessage() {
    return Objects.requireNonNull(super.getMessage());
  }

  /** What the user can do about it, if there is something useful to say, in plain words. */
  public Optional<String> hint() {
    return Optional.ofNullable(hint).map(Phrase::toString);
  }

  /** The message with each {@link Setting} in a front end's words. */
  public String message(Function<Setting, String> words) {
    return message.render(words);
  }

  /** The hint with each {@link Setting} in a front end's words. */
  public Optional<String> hint(Function<Setting, String> words) {
    return Optional.ofNullable(hint).map(h -> h.render(words));
  }

  /** The message as made, settings unrendered: to build another failure's message on it. */
  public Phrase messagePhrase() {
    return message;
  }

  /** The hint as made, settings unrendered. */
  public Optional<Phrase> hintPhrase() {
    return Optional.ofNullable(hint);
  }

  /** The settings the message and hint refer to: what the user may change. */
  public List<Setting> settings() {
    List<Setting> out = new ArrayList<>(message.settings());
    if (hint != null) {
      hint.settings().stream().filter(s -> !out.contains(s)).forEach(out::add);
    }
    return out;
  }

  /**
   * A stable name of this failure (like {@code registry.address-in-use}), for scripts, reports and
   * a front end that wants words of its own for it; empty where none was given.
   */
  public Optional<String> code() {
    return Optional.ofNullable(code);
  }

  /** Sets {@link #code()} once, where the exception is made. */
  protected final void setCode(String code) {
    if (this.code != null) {
      throw new IllegalStateException("code already set: " + this.code);
    }
    this.code = code;
  }
}
