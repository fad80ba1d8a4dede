package io.airlock.app;

import io.airlock.app.wizard.WizardApplication;
import java.util.logging.Logger;
import javafx.application.Application;

/**
 * Starts the wizard ({@code ./airlock gui}). A plain main class, not the {@link Application}
 * itself: the Java launcher refuses an Application subclass as main class when JavaFX is on the
 * class path rather than the module path.
 */
public final class AirlockApp {

  /**
   * JavaFX warns on every start that it runs from the class path ("Unsupported JavaFX
   * configuration"), which is how ./airlock and the packaged app run it on purpose. It logs that
   * through its "javafx" logger, which also carries warnings worth seeing (CSS, for one): only that
   * one message is dropped. Kept referenced, or the logger and its filter could be collected.
   */
  private static final Logger JAVAFX = Logger.getLogger("javafx");

  private AirlockApp() {}

  public static void main(String[] args) {
    JAVAFX.setFilter(
        r ->
            r.getMessage() == null
                || !r.getMessage().startsWith("Unsupported JavaFX configuration"));
    Application.launch(WizardApplication.class, args);
  }
}
