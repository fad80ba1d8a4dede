package io.airlock.app.wizard;

import io.airlock.core.AirlockException;
import io.airlock.core.Sizes;
import io.airlock.core.bundle.Bundle;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.push.PushEvent;
import io.airlock.core.registry.LocalRegistry;
import io.airlock.installer.pipeline.InstallEvent;
import io.airlock.installer.pipeline.InstallPipeline;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.application.Platform;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.concurrent.Task;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.cell.ProgressBarTableCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Install: walks the installer's pipeline (the same steps as {@code airlock install}) off the FX
 * thread, each step shown with its state, with live progress per artifact, overall bytes,
 * throughput, ETA, retries and a log. Cancel interrupts safely; Resume runs the pipeline again and
 * every step does only what is missing.
 */
final class InstallPage extends Page {

  /** One row of the artifact table; its state and bar change as events arrive. */
  static final class Row {
    /** The most its blobs alone fill: full only once the push says it is done. */
    private static final double BLOBS_AT_MOST = 0.99;

    final String name;
    final StringProperty target = new SimpleStringProperty("");
    final StringProperty status = new SimpleStringProperty("waiting");

    /** From 0 to 1: its blobs' bytes in the registry of its size; 1 once done or already there. */
    final DoubleProperty progress = new SimpleDoubleProperty(0);

    /**
     * Its bytes as the bundle counts them (blobs and manifests); 0 when the bundle does not say.
     */
    final long totalBytes;

    Row(String name, long totalBytes) {
      this.name = name;
      this.totalBytes = totalBytes;
    }

    /** Sets the bar only when it moved: an equal value still costs a repaint of the cell. */
    void progress(double value) {
      if (value != progress.get()) {
        progress.set(value);
      }
    }

    /**
     * Bytes of its blobs in the registry so far. The bar stops short of full until "done": its
     * manifests come last, and a chart's blobs (its archive and the config the push adds) can
     * exceed the archive's size the bundle counts.
     */
    void bytes(long done) {
      if (totalBytes > 0 && progress.get() < 1) {
        progress(Math.min(done / (double) totalBytes, BLOBS_AT_MOST));
      }
    }
  }

  private final Map<String, Label> steps = new LinkedHashMap<>();
  private final VBox stepBox = new VBox(3);
  private final ProgressBar overall = new ProgressBar(0);
  private final Label bytes = Ui.value("install-bytes");
  private final Label rate = Ui.value("install-rate");
  private final Label retries = Ui.value("install-retries");
  private final TableView<Row> artifacts = new TableView<>();
  private final Map<String, Row> rows = new LinkedHashMap<>();
  private final ListView<String> log = new ListView<>();
  private final ErrorView error = new ErrorView("install-error");
  private final Button start = new Button("Install");
  private final Button cancel = new Button("Cancel");
  private Task<?> running;
  private Bundle listed;
  private boolean attempted;
  private ProgressCoalescer coalescer;

  InstallPage(WizardState state, Background background) {
    super(state, background);
    ready.bind(state.report.isNotNull().and(state.pushed.isNotNull()));
    waitingFor.set("Press Install; Next is enabled when it has finished.");
  }

  @Override
  String title() {
    return "Install";
  }

  @Override
  String subtitle() {
    return "Pushes every image and chart, writes the nodes' mirror configuration and the report."
        + " Cancel is safe: Resume continues where it stopped.";
  }

  @Override
  Node build() {
    start.setId("install-start");
    cancel.setId("install-cancel");
    start.disableProperty().bind(background.busy().or(state.report.isNotNull()));
    cancel.disableProperty().bind(background.busy().not());
    start.setOnAction(e -> install());
    cancel.setOnAction(
        e -> {
          if (running != null) {
            running.cancel(true);
          }
        });
    overall.setId("install-progress");
    overall.setMaxWidth(Double.MAX_VALUE);
    HBox.setHgrow(overall, Priority.ALWAYS);
    HBox buttons = new HBox(10, start, cancel, overall);
    buttons.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
    HBox figures = new HBox(24, bytes, rate, retries);

    artifacts.setId("install-artifacts");
    artifacts.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
    Ui.fitRows(artifacts, 8);
    TableColumn<Row, String> name = new TableColumn<>("Image or chart");
    name.setPrefWidth(330);
    name.setCellValueFactory(d -> new ReadOnlyStringWrapper(d.getValue().name));
    TableColumn<Row, String> status = new TableColumn<>("State");
    status.setPrefWidth(110);
    status.setMinWidth(110);
    status.setMaxWidth(150);
    status.setCellValueFactory(d -> d.getValue().status);
    TableColumn<Row, String> target = new TableColumn<>("Target");
    target.setPrefWidth(420);
    target.setCellValueFactory(d -> d.getValue().target);
    // A bar per row, never indeterminate: an animated bar keeps the whole scene repainting at 60 Hz
    // during the push (see ProgressCoalescer); a waiting row's bar is empty.
    TableColumn<Row, Double> bar = new TableColumn<>("Progress");
    bar.setPrefWidth(120);
    bar.setMinWidth(90);
    bar.setMaxWidth(160);
    bar.setCellValueFactory(d -> d.getValue().progress.asObject());
    bar.setCellFactory(ProgressBarTableCell.forTableColumn());
    artifacts.getColumns().add(name);
    artifacts.getColumns().add(status);
    artifacts.getColumns().add(bar);
    artifacts.getColumns().add(target);

    log.setId("install-log");
    log.setPrefHeight(150);
    log.getStyleClass().add("mono");
    return new VBox(10, stepBox, buttons, figures, error, artifacts, Ui.heading("Log"), log);
  }

  @Override
  void entered() {
    if (!background.busy().get()) {
      listSteps();
    }
    listArtifacts();
    start.setText(state.pushed.get() == null && !attempted ? "Install" : "Resume");
  }

  /**
   * Fills the table with what the bundle holds, all "waiting", as soon as the page shows: the
   * person sees what will be pushed, and pressing Install then only changes states (filling a table
   * while the push starts took the window a few hundred milliseconds of work in the first second).
   */
  private void listArtifacts() {
    Bundle bundle = state.bundle.get();
    if (bundle == null || bundle == listed) {
      return;
    }
    listed = bundle;
    attempted = false;
    rows.clear();
    artifacts.getItems().clear();
    bundle.images().forEach(i -> row(i.ref(), i.sizeBytes()));
    bundle.charts().forEach(c -> row("charts/" + c.name() + ":" + c.version(), c.sizeBytes()));
    log.getItems().clear();
    log(
        "ready: "
            + bundle.images().size()
            + " images and "
            + bundle.charts().size()
            + " charts from "
            + bundle.path().getFileName());
  }

  /** One line per step of the pipeline this choice of registry runs, all waiting. */
  private void listSteps() {
    List<InstallEvent.StepInfo> planned;
    try {
      planned = WizardInstall.pipeline(state).steps();
    } catch (AirlockException e) {
      return; // the Review step showed this already; Install shows it when pressed
    }
    steps.clear();
    stepBox.getChildren().clear();
    for (InstallEvent.StepInfo info : planned) {
      Label l = new Label();
      l.setId("install-step-" + info.id());
      steps.put(info.id(), l);
      stepBox.getChildren().add(l);
      step(info.id(), "waiting", info.title());
    }
  }

  private void step(String id, String status, String text) {
    Label l = steps.get(id);
    if (l == null) {
      return;
    }
    String name = text != null ? text : (String) l.getUserData();
    l.setUserData(name);
    String mark =
        switch (status) {
          case "done" -> "[done]   ";
          case "running" -> "[...]    ";
          case "failed" -> "[failed] ";
          case "cancelled" -> "[cancelled] ";
          case "skipped" -> "[skip]   ";
          default -> "[ ]      ";
        };
    l.setText(mark + name);
    l.getStyleClass().removeAll("good", "bad", "busy");
    l.getStyleClass()
        .add(status.equals("done") ? "good" : status.equals("failed") ? "bad" : "busy");
  }

  /** Presses Install. */
  void start() {
    start.fire();
  }

  javafx.beans.property.StringProperty errorText() {
    return error.textProperty();
  }

  private void install() {
    error.clear();
    state.report.set(null);
    start.setText("Resume");
    attempted = true;
    InstallPipeline pipeline;
    try {
      pipeline = WizardInstall.pipeline(state);
    } catch (AirlockException e) {
      error.show(e);
      return;
    }
    listSteps();
    // Each run shows its own progress: what is there already turns full at its first check.
    for (Row r : rows.values()) {
      set(r.status, "waiting");
      r.progress(0);
    }
    coalescer = new ProgressCoalescer(this::render, ProgressCoalescer.PUSH_INTERVAL_MILLIS);
    coalescer.start();
    ProgressCoalescer events = coalescer;
    ProgressListener listener =
        event -> {
          if (event instanceof InstallEvent e) {
            Platform.runLater(() -> stepEvent(e));
          } else if (event instanceof io.airlock.installer.charts.ChartEvent.PodProgress p) {
            Platform.runLater(() -> log(p.line()));
          } else {
            events.onEvent(event);
          }
        };
    running =
        background.run(
            () -> {
              try {
                return pipeline.run(listener);
              } finally {
                LocalRegistry local = pipeline.embeddedRegistry();
                if (local != null) {
                  Platform.runLater(() -> state.embedded.set(local));
                }
              }
            },
            outcome -> {
              events.stop();
              state.mirrorsDir.set(outcome.mirrorsDir());
              state.pushed.set(outcome.pushed());
              state.releases.set(outcome.releases());
              state.report.set(outcome.written());
              log("Report saved: " + outcome.written().markdown());
            },
            failure -> {
              events.stop();
              error.show(failure);
              log(Failures.of(failure).message());
            });
  }

  private void stepEvent(InstallEvent e) {
    if (e instanceof InstallEvent.StepStarted s) {
      step(s.step(), "running", null);
    } else if (e instanceof InstallEvent.StepNote n) {
      log(n.message());
    } else if (e instanceof InstallEvent.StepFinished f) {
      step(f.step(), f.status().id(), null);
      if (!f.detail().isEmpty()) {
        log(f.title() + ": " + f.detail());
      }
    }
  }

  private void log(String line) {
    log.getItems().add(line);
    log.scrollTo(log.getItems().size() - 1);
  }

  private Row row(String name, long totalBytes) {
    return rows.computeIfAbsent(
        name,
        n -> {
          Row r = new Row(n, totalBytes);
          artifacts.getItems().add(r);
          return r;
        });
  }

  /** Sets a text only when it changed: an equal text still costs a layout and a repaint. */
  private static void set(Label label, String text) {
    if (!text.equals(label.getText())) {
      label.setText(text);
    }
  }

  private static void set(StringProperty property, String text) {
    if (!text.equals(property.get())) {
      property.set(text);
    }
  }

  private void render(ProgressCoalescer.Batch b) {
    PushEvent.Totals t = b.totals();
    if (t != null && t.totalBytes() > 0) {
      overall.setProgress((double) t.doneBytes() / t.totalBytes());
      set(
          bytes,
          Sizes.human(t.doneBytes())
              + " of "
              + Sizes.human(t.totalBytes())
              + " ("
              + t.artifactsDone()
              + " of "
              + t.artifactsTotal()
              + " artifacts)");
      set(
          rate,
          Sizes.human((long) t.bytesPerSecond())
              + "/s"
              + (t.etaSeconds() >= 0 ? ", " + t.etaSeconds() + " s left" : ""));
    }
    b.artifactBytes().forEach((name, done) -> row(name, 0).bytes(done));
    for (PushEvent.Artifact a : b.artifacts()) {
      Row r = row(a.name(), 0);
      set(r.target, a.target());
      set(r.status, a.state().name().toLowerCase(Locale.ROOT).replace('_', ' '));
      if (a.state() == PushEvent.ArtifactState.DONE
          || a.state() == PushEvent.ArtifactState.ALREADY_PRESENT
          || a.state() == PushEvent.ArtifactState.VERIFIED) {
        r.progress(1);
      }
    }
    set(retries, b.retries() == 0 ? "no retries" : b.retries() + " retries");
    if (!b.lines().isEmpty()) {
      log.getItems().addAll(b.lines());
      log.scrollTo(log.getItems().size() - 1);
    }
  }
}
