package io.airlock.app.wizard;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.Node;

/**
 * One step of the wizard. Builds its view once (state survives going back and forth), says when
 * Next may be pressed ({@link #ready}) and, when not, why ({@link #waitingFor}).
 */
abstract class Page {

  final WizardState state;
  final Background background;
  final BooleanProperty ready = new SimpleBooleanProperty();
  final StringProperty waitingFor = new SimpleStringProperty("");
  private Node view;

  Page(WizardState state, Background background) {
    this.state = state;
    this.background = background;
  }

  /** The step's name in the side bar, e.g. "Bundle". */
  abstract String title();

  /** One line under the title: what this step is for. */
  abstract String subtitle();

  abstract Node build();

  /** Called each time the page is shown. */
  void entered() {}

  final Node view() {
    if (view == null) {
      view = build();
    }
    return view;
  }
}
