package io.airlock.core.progress;

/** A message for the user that does not stop the operation, e.g. a warning about the input. */
public record Notice(Level level, String message) implements ProgressEvent {

  public enum Level {
    INFO,
    WARNING
  }

  public static Notice warning(String message) {
    return new Notice(Level.WARNING, message);
  }

  public static Notice info(String message) {
    return new Notice(Level.INFO, message);
  }
}
