package io.airlock.app.wizard;

import java.io.File;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** Small builders the pages share, so every page looks and lines up the same. */
final class Ui {

  private Ui() {}

  static Label text(String s) {
    Label l = new Label(s);
    l.setWrapText(true);
    l.setMinHeight(Region.USE_PREF_SIZE);
    return l;
  }

  static Label heading(String s) {
    Label l = text(s);
    l.getStyleClass().add("section");
    return l;
  }

  static Label value(String id) {
    Label l = new Label();
    l.setId(id);
    l.setWrapText(true);
    l.setMinHeight(Region.USE_PREF_SIZE);
    return l;
  }

  /** A two-column form: names on the left, values filling the rest. */
  static GridPane form() {
    GridPane g = new GridPane();
    g.setHgap(12);
    g.setVgap(6);
    ColumnConstraints names = new ColumnConstraints();
    names.setMinWidth(Region.USE_PREF_SIZE);
    ColumnConstraints values = new ColumnConstraints();
    values.setHgrow(Priority.ALWAYS);
    values.setFillWidth(true);
    g.getColumnConstraints().addAll(names, values);
    return g;
  }

  static void row(GridPane g, String name, Node value) {
    Label l = new Label(name);
    l.getStyleClass().add("field-name");
    l.setMinWidth(Region.USE_PREF_SIZE);
    g.addRow(g.getRowCount(), l, value);
  }

  /** A path field with a Browse button. */
  static HBox pathField(TextField field, String browse, Consumer<Window> chooser) {
    HBox.setHgrow(field, Priority.ALWAYS);
    Button b = new Button(browse);
    b.setMinWidth(Region.USE_PREF_SIZE);
    b.setOnAction(e -> chooser.accept(field.getScene().getWindow()));
    HBox box = new HBox(8, field, b);
    return box;
  }

  static Path chooseFile(Window owner, String title, Path near) {
    FileChooser c = new FileChooser();
    c.setTitle(title);
    if (near != null && near.getParent() != null && near.getParent().toFile().isDirectory()) {
      c.setInitialDirectory(near.getParent().toFile());
    }
    File f = c.showOpenDialog(owner);
    return f == null ? null : f.toPath();
  }

  static Region grow() {
    Region r = new Region();
    HBox.setHgrow(r, Priority.ALWAYS);
    return r;
  }

  static void copy(String text) {
    ClipboardContent c = new ClipboardContent();
    c.putString(text);
    Clipboard.getSystemClipboard().setContent(c);
  }

  static Path path(String text) {
    String t = text == null ? "" : text.strip();
    return t.isEmpty() ? null : Path.of(t);
  }
}
