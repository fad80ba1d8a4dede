package io.airlock.app.wizard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextInputControl;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The steps a person takes in the wizard, pressing its buttons through TestFX: what the tests that
 * drive it share.
 */
abstract class WizardSteps {

  static final Duration STEP = Duration.ofSeconds(60);

  final FxRobot robot = new FxRobot();

  void openBundle(Path b) {
    setText("#bundle-path", b.toString());
    pressUntilNext("#bundle-open", "#bundle-error-message");
  }

  void verify(Path k) {
    setText("#verify-key-path", k.toString());
    robot.clickOn("#verify-run");
    waitFor(() -> !text("#verify-verdict").isEmpty() || !text("#verify-error-message").isEmpty());
  }

  /** Presses Install and waits until it has finished, without an error. */
  void install() {
    install(STEP);
  }

  void install(Duration timeout) {
    pressUntilNext("#install-start", "#install-error-message", timeout);
  }

  /** Presses {@code button}, waits until Next is enabled or the page shows an error; no error. */
  void pressUntilNext(String button, String errorId) {
    pressUntilNext(button, errorId, STEP);
  }

  void pressUntilNext(String button, String errorId, Duration timeout) {
    robot.clickOn(button);
    waitFor(() -> !robot.lookup("#next").query().isDisabled() || !text(errorId).isEmpty(), timeout);
    assertEquals("", text(errorId));
  }

  void probe(Path config) {
    setText("#cluster-kubeconfig", config.toString());
    waitFor(() -> ((ComboBox<?>) robot.lookup("#cluster-context").query()).getValue() != null);
    pressUntilNext("#cluster-probe", "#cluster-error-message");
  }

  Node next() {
    Node next = robot.lookup("#next").query();
    if (!next.isDisabled()) {
      robot.clickOn(next);
      WaitForAsyncUtils.waitForFxEvents();
    }
    return next;
  }

  void setText(String id, String value) {
    robot.interact(() -> ((TextInputControl) robot.lookup(id).query()).setText(value));
  }

  String text(String id) {
    Node n = robot.lookup(id).query();
    assertNotNull(n, id);
    return n instanceof Labeled l ? l.getText() : ((TextInputControl) n).getText();
  }

  static void waitFor(Callable<Boolean> condition) {
    waitFor(condition, STEP);
  }

  static void waitFor(Callable<Boolean> condition, Duration timeout) {
    try {
      WaitForAsyncUtils.waitFor(
          timeout.toMillis(),
          TimeUnit.MILLISECONDS,
          () -> WaitForAsyncUtils.asyncFx(condition).get());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("timed out waiting", e);
    }
    WaitForAsyncUtils.waitForFxEvents();
  }
}
