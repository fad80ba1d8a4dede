package io.airlock.app;

import io.airlock.app.wizard.WizardApplication;
import javafx.application.Application;

/**
 * Starts the wizard ({@code ./airlock gui}). A plain main class, not the {@link Application}
 * itself: the Java launcher refuses an Application subclass as main class when JavaFX is on the
 * class path rather than the module path.
 */
public final class AirlockApp {

  private AirlockApp() {}

  public static void main(String[] args) {
    Application.launch(WizardApplication.class, args);
  }
}
