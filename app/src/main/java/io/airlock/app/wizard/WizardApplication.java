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
    if (Boolean.getBoolean("airlock.timing")) {
      // bench/gui.sh: time from JVM start to the first window, then leave.
      Platform.runLater(
          () -> {
            long ms =
                System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
            System.out.println("first-window-ms " + ms);
            Platform.exit();
          });
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
