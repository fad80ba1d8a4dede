package io.airlock.app.wizard;

import io.airlock.core.Sizes;
import io.airlock.core.bundle.Bundle;
import io.airlock.core.bundle.BundleChart;
import io.airlock.core.bundle.BundleImage;
import io.airlock.core.bundle.BundleOpener;
import java.io.File;
import java.nio.file.Path;
import java.util.Locale;
import javafx.collections.FXCollections;
import javafx.collections.transformation.FilteredList;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import org.controlsfx.control.textfield.CustomTextField;
import org.controlsfx.control.textfield.TextFields;

/** Bundle: pick or drop a file or directory; shows what {@code airlock inspect} shows. */
final class BundlePage extends Page {

  private final TextField path = new TextField();
  private final ProgressBar progress = new ProgressBar(0);
  private final Label progressText = Ui.value("bundle-progress");
  private final ErrorView error = new ErrorView("bundle-error");
  private final GridPane summary = Ui.form();
  private final Label format = Ui.value("bundle-format");
  private final Label version = Ui.value("bundle-version");
  private final Label content = Ui.value("bundle-content");
  private final Label size = Ui.value("bundle-size");
  private final TableView<BundleImage> images = new TableView<>();
  private final Label charts = Ui.value("bundle-charts");
  private final VBox details = new VBox(8);

  BundlePage(WizardState state, Background background) {
    super(state, background);
    ready.bind(state.bundle.isNotNull());
    waitingFor.set("Open a bundle to go on.");
  }

  @Override
  String title() {
    return "Bundle";
  }

  @Override
  String subtitle() {
    return "Choose the bundle: a directory or an archive. You can also drop it on this window.";
  }

  @Override
  Node build() {
    path.setId("bundle-path");
    path.setPromptText("/media/usb/product-1.2.3.tar");
    path.setOnAction(e -> open());
    Button file = new Button("Choose file...");
    file.setOnAction(
        e -> chosen(Ui.chooseFile(path.getScene().getWindow(), "Bundle", Ui.path(path.getText()))));
    Button dir = new Button("Choose folder...");
    dir.setOnAction(
        e -> {
          DirectoryChooser c = new DirectoryChooser();
          c.setTitle("Bundle directory");
          File f = c.showDialog(path.getScene().getWindow());
          chosen(f == null ? null : f.toPath());
        });
    Button open = new Button("Open");
    open.setId("bundle-open");
    open.setOnAction(e -> open());
    open.disableProperty().bind(background.busy());
    HBox.setHgrow(path, Priority.ALWAYS);
    HBox pick = new HBox(8, path, file, dir, open);

    progress.setMaxWidth(Double.MAX_VALUE);
    HBox.setHgrow(progress, Priority.ALWAYS);
    HBox bar = new HBox(8, progress, progressText);
    bar.visibleProperty().bind(background.busy());
    bar.managedProperty().bind(background.busy());

    Ui.row(summary, "Format", format);
    Ui.row(summary, "Version", version);
    Ui.row(summary, "Content", content);
    Ui.row(summary, "Size", size);

    CustomTextField search = (CustomTextField) TextFields.createClearableTextField();
    search.setId("image-search");
    search.setPromptText("Search images");
    FilteredList<BundleImage> filtered = new FilteredList<>(FXCollections.observableArrayList());
    search
        .textProperty()
        .addListener(
            (o, was, now) -> {
              String q = now.toLowerCase(Locale.ROOT).strip();
              filtered.setPredicate(
                  i -> q.isEmpty() || i.ref().toLowerCase(Locale.ROOT).contains(q));
            });
    images.setId("bundle-images");
    images.setItems(filtered);
    images.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
    Ui.fitRows(images, 10);
    images.getColumns().add(Ui.column("Image", 380, i -> i.ref() + (i.refGuessed() ? " *" : "")));
    images
        .getColumns()
        .add(
            Ui.column(
                "Platforms",
                170,
                i -> i.platforms().isEmpty() ? "-" : String.join(", ", i.platforms())));
    images.getColumns().add(Ui.column("Size", 80, i -> Sizes.human(i.sizeBytes())));
    images.getColumns().add(Ui.column("Digest", 150, i -> i.digest().shortHex()));
    state.bundle.addListener((o, was, now) -> show(now, filtered));

    details
        .getChildren()
        .addAll(summary, Ui.heading("Images"), search, images, Ui.heading("Helm charts"), charts);
    details.visibleProperty().bind(state.bundle.isNotNull());
    details.managedProperty().bind(state.bundle.isNotNull());

    VBox box = new VBox(10, pick, bar, error, details);
    box.setOnDragOver(
        e -> {
          if (e.getDragboard().hasFiles()) {
            e.acceptTransferModes(TransferMode.COPY);
          }
          e.consume();
        });
    box.setOnDragDropped(
        e -> {
          boolean ok = e.getDragboard().hasFiles() && !e.getDragboard().getFiles().isEmpty();
          if (ok) {
            chosen(e.getDragboard().getFiles().get(0).toPath());
          }
          e.setDropCompleted(ok);
          e.consume();
        });
    show(state.bundle.get(), filtered);
    return box;
  }

  private void chosen(Path p) {
    if (p != null) {
      path.setText(p.toString());
      open();
    }
  }

  private void open() {
    Path p = Ui.path(path.getText());
    if (p == null) {
      return;
    }
    error.clear();
    state.bundlePath.set(p);
    progress.setProgress(ProgressBar.INDETERMINATE_PROGRESS);
    progressText.setText("Reading " + p.getFileName() + "...");
    ProgressCoalescer coalescer =
        new ProgressCoalescer(
            b -> {
              if (b.step() != null && b.step().totalBytes() > 0) {
                progress.setProgress((double) b.step().doneBytes() / b.step().totalBytes());
                progressText.setText(
                    b.step().step()
                        + " "
                        + Sizes.human(b.step().doneBytes())
                        + " of "
                        + Sizes.human(b.step().totalBytes()));
              }
            });
    coalescer.start();
    background.run(
        () -> new BundleOpener(state.options.workDir(), coalescer).open(p),
        opened -> {
          coalescer.stop();
          if (p.equals(state.bundlePath.get())) {
            state.bundle.set(opened);
          }
        },
        failure -> {
          coalescer.stop();
          error.show(failure);
        });
  }

  private void show(Bundle b, FilteredList<BundleImage> filtered) {
    ((javafx.collections.ObservableList<BundleImage>) filtered.getSource())
        .setAll(b == null ? java.util.List.of() : b.images());
    if (b == null) {
      return;
    }
    if (!path.getText().equals(b.path().toString())) {
      path.setText(b.path().toString());
    }
    format.setText(
        b.format().id()
            + (b.unpackedTo() == null
                ? " (read in place)"
                : " (unpacked to " + b.unpackedTo() + ")"));
    version.setText(
        (b.name() == null ? "" : b.name() + " ")
            + (b.version() == null ? "(not recorded)" : b.version()));
    content.setText(b.images().size() + " images, " + b.charts().size() + " Helm charts");
    size.setText(
        Sizes.human(b.sizeBytes())
            + " ("
            + Sizes.human(b.sharedBytes())
            + " shared between images, stored once)");
    StringBuilder c = new StringBuilder();
    for (BundleChart chart : b.charts()) {
      c.append(chart.name())
          .append(' ')
          .append(chart.version())
          .append("  (")
          .append(Sizes.human(chart.sizeBytes()))
          .append(")\n");
    }
    charts.setText(c.isEmpty() ? "none" : c.toString().strip());
  }
}
