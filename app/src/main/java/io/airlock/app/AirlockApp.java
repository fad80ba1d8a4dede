package io.airlock.app;

import io.airlock.app.wizard.WizardApplication;
import java.util.logging.Level;
import java.util.logging.Logger;
import javafx.application.Application;

/**
 * Starts the wizard ({@code ./airlock gui}). A plain main class, not the {@link Application}
 * itself: the Java launcher refuses an Application subclass as main class when JavaFX is on the
 * class path rather than the module path.
 */
public final class AirlockApp {

  /**
   * Kept referenced: JavaFX warns on every start that it runs from the class path ("Unsupported
   * JavaFX configuration"), which is how ./airlock and the packaged app run it on purpose.
   */
  private static final Logger PLATFORM =
      Logger.getLogger("com.sun.javafx.application.PlatformImpl");

  private AirlockApp() {}

  public static void main(String[] args) {
    PLATFORM.setLevel(Level.SEVERE);
    Application.launch(WizardApplication.class, args);
  }
}
