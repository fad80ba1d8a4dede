package io.airlock.app.wizard;

import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.VBox;

/** One failure: the message and what to do in plain sight, the causes behind "Details". */
final class ErrorView extends VBox {

  private final Label message = new Label();
  private final Label hint = new Label();
  private final TextArea detail = new TextArea();
  private final TitledPane details;

  ErrorView(String id) {
    setId(id);
    getStyleClass().add("error-view");
    setSpacing(6);
    message.setId(id + "-message");
    message.getStyleClass().add("error-message");
    message.setWrapText(true);
    hint.setId(id + "-hint");
    hint.setWrapText(true);
    detail.setEditable(false);
    detail.setWrapText(true);
    detail.setPrefRowCount(4);
    Button copy = new Button("Copy details");
    copy.setOnAction(
        e -> {
          ClipboardContent c = new ClipboardContent();
          c.putString(message.getText() + "\n" + hint.getText() + "\n" + detail.getText());
          Clipboard.getSystemClipboard().setContent(c);
        });
    details = new TitledPane("Details", new VBox(6, detail, copy));
    details.setExpanded(false);
    getChildren().addAll(message, hint, details);
    clear();
  }

  void show(Throwable t) {
    Failures f = Failures.of(t);
    message.setText(f.message());
    hint.setText(f.hint() == null ? "" : "What to do: " + f.hint());
    hint.setVisible(f.hint() != null);
    hint.setManaged(f.hint() != null);
    detail.setText(f.detail());
    details.setExpanded(false);
    setVisible(true);
    setManaged(true);
  }

  void clear() {
    message.setText("");
    setVisible(false);
    setManaged(false);
  }

  String text() {
    return message.getText();
  }

  javafx.beans.property.StringProperty textProperty() {
    return message.textProperty();
  }
}
