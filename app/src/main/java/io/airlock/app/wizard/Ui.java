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

  /** Sizes a table to its rows (up to {@code maxRows}, then it scrolls): no empty panes. */
  /** A text column; short ones keep their width, so long values (names, refs) get the room. */
  static <T> javafx.scene.control.TableColumn<T, String> column(
      String name, double width, java.util.function.Function<T, String> value) {
    javafx.scene.control.TableColumn<T, String> c = new javafx.scene.control.TableColumn<>(name);
    c.setPrefWidth(width);
    if (width < 200) {
      c.setMinWidth(width);
      c.setMaxWidth(width * 1.4);
    }
    c.setCellValueFactory(
        d -> new javafx.beans.property.ReadOnlyStringWrapper(value.apply(d.getValue())));
    return c;
  }

  static void fitRows(javafx.scene.control.TableView<?> table, int maxRows) {
    double row = 24;
    table.setFixedCellSize(row);
    javafx.beans.value.ChangeListener<Object> fit =
        (o, was, now) -> {
          int rows = Math.max(1, Math.min(maxRows, table.getItems().size()));
          double height = rows * row + 30 + (table.getItems().size() > maxRows ? 0 : 2);
          table.setPrefHeight(height);
          table.setMinHeight(height);
        };
    table.itemsProperty().addListener(fit);
    table
        .getItems()
        .addListener(
            (javafx.collections.ListChangeListener<Object>) c -> fit.changed(null, null, null));
    fit.changed(null, null, null);
  }

  static Path path(String text) {
    String t = text == null ? "" : text.strip();
    return t.isEmpty() ? null : Path.of(t);
  }
}
