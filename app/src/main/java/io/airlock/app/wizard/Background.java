package io.airlock.app.wizard;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.concurrent.Task;

/**
 * Runs every call into core and installer off the FX thread, and hands the result or the failure
 * back on it. {@link #busy()} is true while anything runs, so navigation waits for it.
 */
final class Background {

  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "airlock-work");
            t.setDaemon(true);
            return t;
          });
  private final AtomicInteger running = new AtomicInteger();
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();

  ReadOnlyBooleanProperty busy() {
    return busy.getReadOnlyProperty();
  }

  /**
   * Starts {@code work} on a worker thread; {@code done} or {@code failed} runs on the FX thread.
   * Cancelling the returned task interrupts the worker (core stops and cleans up).
   */
  <T> Task<T> run(Callable<T> work, Consumer<T> done, Consumer<Throwable> failed) {
    java.util.concurrent.atomic.AtomicBoolean started =
        new java.util.concurrent.atomic.AtomicBoolean();
    Task<T> task =
        new Task<>() {
          @Override
          protected T call() throws Exception {
            started.set(true);
            try {
              if (Platform.isFxApplicationThread()) {
                throw new IllegalStateException("core called on the FX thread");
              }
              return work.call();
            } finally {
              // Busy until the worker has really stopped: a cancelled task reports at once, but
              // its thread still cleans up, and a Resume must not start beside it.
              Platform.runLater(this::stopped);
            }
          }

          private void stopped() {
            busy.set(running.decrementAndGet() > 0);
          }
        };
    Runnable neverRan = () -> busy.set(running.decrementAndGet() > 0);
    task.setOnSucceeded(e -> done.accept(task.getValue()));
    task.setOnFailed(e -> failed.accept(task.getException()));
    task.setOnCancelled(
        e -> {
          if (!started.get()) {
            neverRan.run(); // cancelled before a thread took it: no finally will say so
          }
          failed.accept(new java.io.InterruptedIOException("cancelled"));
        });
    running.incrementAndGet();
    busy.set(true);
    executor.execute(task);
    return task;
  }

  void shutdown() {
    executor.shutdownNow();
  }
}
