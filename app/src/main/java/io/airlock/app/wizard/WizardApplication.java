package io.airlock.app.wizard;

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

  @Override
  public void stop() {
    if (wizard != null) {
      wizard.close();
    }
  }
}
