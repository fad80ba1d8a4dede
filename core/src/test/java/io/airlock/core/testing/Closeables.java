package io.airlock.core.testing;

/** Stops a test class's servers in one call, each one even when another fails to stop. */
public final class Closeables {

  private Closeables() {}

  /** Closes every non-null argument in order; a failure to close one does not skip the rest. */
  public static void closeAll(AutoCloseable... resources) {
    for (AutoCloseable c : resources) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // Closing the others matters more than one that would not stop.
      }
    }
  }
}
