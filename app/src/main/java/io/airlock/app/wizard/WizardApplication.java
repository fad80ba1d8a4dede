package io.airlock.app.wizard;

import java.awt.SplashScreen;
import java.lang.management.ManagementFactory;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/** The JavaFX application: one window holding the wizard. */
public final class WizardApplication extends Application {

  private Wizard wizard;

  @Override
  public void start(Stage stage) {
    wizard = Wizard.show(stage, WizardOptions.defaults());
    if (Boolean.getBoolean("airlock.splash")) {
      Platform.runLater(WizardApplication::closeSplash); // once the window has its first frame
    }
    String timing = System.getProperty("airlock.timing", "false");
    if (!timing.equals("false")) {
      // bench/gui.sh, bench/window.sh: time to the first window, then leave.
      Platform.runLater(
          () -> {
            System.out.println("first-window-ms " + (System.currentTimeMillis() - since(timing)));
            Platform.exit();
          });
    }
  }

  /**
   * -Dairlock.timing=EPOCH_MS: from the launch the caller timed (the launcher script and the splash
   * included); =true: from the JVM's start.
   */
  private static long since(String timing) {
    try {
      return Long.parseLong(timing);
    } catch (NumberFormatException e) {
      return ManagementFactory.getRuntimeMXBean().getStartTime();
    }
  }

  /**
   * The launchers show a splash before the JVM starts (-splash:). AWT closes it when its first
   * window opens, but a JavaFX window is not one.
   */
  private static void closeSplash() {
    try {
      SplashScreen splash = SplashScreen.getSplashScreen();
      if (splash != null) {
        splash.close();
      }
    } catch (IllegalStateException | UnsupportedOperationException e) {
      // headless (HeadlessException), or already closed: no splash to close
    }
  }

  @Override
  public void stop() {
    if (wizard != null) {
      wizard.close();
    }
  }
}
