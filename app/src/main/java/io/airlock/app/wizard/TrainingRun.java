package io.airlock.app.wizard;

import io.airlock.core.progress.ProgressListener;
import io.airlock.core.signing.ThrowawayKey;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextInputControl;
import javafx.stage.Stage;

/**
 * The wizard's training run for its AOT cache (installer/src/build/aot-cache.sh): walks the wizard
 * from Welcome to Done as a person would, pressing its buttons, on a sample bundle signed here with
 * a throwaway key, with no cluster, into the embedded registry; then closes it. The cache so made
 * holds what a real install loads and compiles (the pages, CSS, tables, live progress beside a
 * push), not only the command line's code. Arguments: BUNDLE WORK_DIR. Needs a display (Xvfb).
 */
public final class TrainingRun {

  private static final long TIMEOUT_MILLIS = TimeUnit.MINUTES.toMillis(3);

  private final Scene scene;
  private final Wizard wizard;
  private final long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;

  private TrainingRun(Scene scene, Wizard wizard) {
    this.scene = scene;
    this.wizard = wizard;
  }

  /**
   * Walks the wizard shown in {@code scene} from Welcome to Done, off the FX thread: {@code bundle}
   * verified with {@code key}, no cluster, the embedded registry.
   */
  static void walk(Scene scene, Path bundle, Path key) throws Exception {
    TrainingRun run = new TrainingRun(scene, null);
    run.toInstall(bundle, key, null);
    run.installAndFinish();
  }

  /** Starts JavaFX and shows a new wizard in a window, keeping its files under {@code work}. */
  static TrainingRun start(Path work) throws Exception {
    FutureTask<TrainingRun> shown =
        new FutureTask<>(
            () -> {
              Stage stage = new Stage();
              Wizard w =
                  Wizard.show(
                      stage,
                      new WizardOptions(work.resolve("work"), work.resolve("reports"), 0, false));
              return new TrainingRun(stage.getScene(), w);
            });
    Platform.startup(shown);
    return shown.get();
  }

  /** The wizard {@link #start} showed. */
  Wizard wizard() {
    return wizard;
  }

  /** Closes the wizard {@link #start} showed and stops JavaFX. */
  void close() throws Exception {
    onFx(
        () -> {
          wizard.close();
          return null;
        });
    Platform.exit();
  }

  public static void main(String[] args) throws Exception {
    Path bundle = Path.of(args[0]);
    Path work = Path.of(args[1]);
    Path key = ThrowawayKey.sign(bundle, work.resolve("signer").toString(), ProgressListener.NONE);
    TrainingRun run = start(work);
    int exit = 1;
    try {
      run.toInstall(bundle, key, null);
      run.installAndFinish();
      exit = 0;
    } catch (Exception e) {
      System.err.println("error: the wizard's training run stopped: " + e.getMessage());
    } finally {
      run.close();
    }
    System.exit(exit);
  }

  /**
   * From Welcome to the Install page: opens and verifies the bundle, no cluster, then the embedded
   * registry, or {@code plainHttpRegistry} (HOST:PORT[/PREFIX], plain HTTP) when not null.
   */
  void toInstall(Path bundle, Path key, String plainHttpRegistry) throws Exception {
    next(); // Welcome
    type("#bundle-path", bundle.toString());
    press("#bundle-open");
    awaitNext("the bundle to open", "#bundle-error-message");
    next();
    type("#verify-key-path", key.toString());
    press("#verify-run");
    awaitNext("the verification", "#verify-error-message");
    next();
    press("#cluster-none");
    next(); // Cluster
    if (plainHttpRegistry != null) {
      press("#registry-external");
      type("#registry-url", plainHttpRegistry);
      press("#registry-plain-http");
    }
    next(); // Registry: the embedded one is preselected without a cluster
    next(); // Nodes
    next(); // Review
  }

  /** Presses Install, waits for it to finish and goes on to Done. */
  void installAndFinish() throws Exception {
    press("#install-start");
    awaitNext("the install", "#install-error-message");
    next(); // Install
    if (!text("#page-title").equals("Done")) {
      throw new IllegalStateException("ended on " + text("#page-title") + ", not Done");
    }
  }

  private void next() throws Exception {
    awaitNext("Next", null);
    press("#next");
  }

  /** Waits until Next is enabled; fails at once with the page's error, if it shows one. */
  private void awaitNext(String what, String errorId) throws Exception {
    while (onFx(() -> node("#next").isDisabled())) {
      String error = errorId == null ? "" : text(errorId);
      if (!error.isEmpty()) {
        throw new IllegalStateException(error);
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  private void press(String id) throws Exception {
    onFx(
        () -> {
          ((ButtonBase) node(id)).fire();
          return null;
        });
  }

  private void type(String id, String text) throws Exception {
    onFx(
        () -> {
          ((TextInputControl) node(id)).setText(text);
          return null;
        });
  }

  private String text(String id) throws Exception {
    return onFx(() -> ((Labeled) node(id)).getText());
  }

  private Node node(String id) {
    Node n = scene.lookup(id);
    if (n == null) {
      throw new IllegalStateException("the wizard has no " + id + " on this page");
    }
    return n;
  }

  private static <T> T onFx(Callable<T> call) throws Exception {
    FutureTask<T> task = new FutureTask<>(call);
    Platform.runLater(task);
    return task.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
  }
}
