package io.airlock.app.wizard;

import io.airlock.core.AirlockException;
import io.airlock.core.Sizes;
import io.airlock.core.bundle.Bundle;
import io.airlock.core.push.PushEngine;
import io.airlock.core.push.PushEvent;
import io.airlock.core.push.PushReport;
import io.airlock.core.registry.LocalRegistry;
import io.airlock.installer.mirrors.MirrorConfigs;
import io.airlock.installer.mirrors.MirrorFormat;
import io.airlock.installer.mirrors.MirrorTarget;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringWrapper;
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
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Install: runs the steps (embedded registry, push, mirror configuration, report) off the FX thread
 * with live progress per step and per artifact, overall bytes, throughput, ETA, retries and a log.
 * Cancel interrupts safely; Resume runs again and the push continues where it stopped.
 */
final class InstallPage extends Page {

  /** One row of the artifact table; its state changes as events arrive. */
  static final class Row {
    final String name;
    final StringProperty target = new SimpleStringProperty("");
    final StringProperty status = new SimpleStringProperty("waiting");

    Row(String name) {
      this.name = name;
    }
  }

  private final Map<String, Label> steps = new LinkedHashMap<>();
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
    VBox stepBox = new VBox(3);
    for (String s : new String[] {"registry", "push", "mirrors", "report"}) {
      Label l = new Label();
      l.setId("install-step-" + s);
      steps.put(s, l);
      stepBox.getChildren().add(l);
    }
    resetSteps();
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
    HBox bar = new HBox(10, start, cancel, overall);
    bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
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
    artifacts.getColumns().add(name);
    artifacts.getColumns().add(status);
    artifacts.getColumns().add(target);

    log.setId("install-log");
    log.setPrefHeight(150);
    log.getStyleClass().add("mono");
    return new VBox(10, stepBox, bar, figures, error, artifacts, Ui.heading("Log"), log);
  }

  @Override
  void entered() {
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
    bundle.images().forEach(i -> row(i.ref()));
    bundle.charts().forEach(c -> row("charts/" + c.name() + ":" + c.version()));
    log.getItems().clear();
    log(
        "ready: "
            + bundle.images().size()
            + " images and "
            + bundle.charts().size()
            + " charts from "
            + bundle.path().getFileName());
  }

  private void resetSteps() {
    step("registry", "waiting", "Embedded registry");
    step("push", "waiting", "Push images and charts");
    step("mirrors", "waiting", "Mirror configuration for the nodes");
    step("report", "waiting", "Install report");
  }

  private void step(String id, String status, String text) {
    Label l = steps.get(id);
    String name = text != null ? text : (String) l.getUserData();
    l.setUserData(name);
    String mark =
        switch (status) {
          case "done" -> "[done]   ";
          case "running" -> "[...]    ";
          case "failed" -> "[failed] ";
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
    coalescer = new ProgressCoalescer(this::render, ProgressCoalescer.PUSH_INTERVAL_MILLIS);
    coalescer.start();
    resetSteps();
    ProgressCoalescer events = coalescer;
    InstallRun run = new InstallRun(state, events, this::stepLater);
    running =
        background.run(
            run::call,
            outcome -> {
              events.stop();
              state.mirrorsDir.set(outcome.mirrors());
              state.pushed.set(outcome.pushed());
              state.report.set(outcome.report());
              log("Report saved: " + outcome.report().markdown());
            },
            failure -> {
              events.stop();
              error.show(failure);
              log(Failures.of(failure).message());
            });
  }

  private void log(String line) {
    log.getItems().add(line);
    log.scrollTo(log.getItems().size() - 1);
  }

  private void stepLater(String id, String status) {
    Platform.runLater(() -> step(id, status, null));
  }

  private Row row(String name) {
    return rows.computeIfAbsent(
        name,
        n -> {
          Row r = new Row(n);
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
    for (PushEvent.Artifact a : b.artifacts()) {
      Row r = row(a.name());
      set(r.target, a.target());
      set(r.status, a.state().name().toLowerCase(Locale.ROOT).replace('_', ' '));
    }
    set(retries, b.retries() == 0 ? "no retries" : b.retries() + " retries");
    if (!b.lines().isEmpty()) {
      log.getItems().addAll(b.lines());
      log.scrollTo(log.getItems().size() - 1);
    }
  }

  /** What a finished run leaves. */
  record Outcome(
      PushReport pushed, Path mirrors, io.airlock.installer.report.ReportWriter.Written report) {}

  /** The steps, in order, on the worker thread; only core and installer calls. */
  static final class InstallRun {
    private final WizardState state;
    private final ProgressCoalescer events;
    private final java.util.function.BiConsumer<String, String> step;

    InstallRun(
        WizardState state,
        ProgressCoalescer events,
        java.util.function.BiConsumer<String, String> step) {
      this.state = state;
      this.events = events;
      this.step = step;
    }

    private String current = "registry";

    private void step(String id, String status) {
      current = id;
      step.accept(id, status);
    }

    Outcome call() throws Exception {
      InstallReportBuilder report = new InstallReportBuilder(state);
      try {
        String host = Destination.embeddedHost(state);
        if (state.registry.get() == RegistryChoice.EMBEDDED) {
          step("registry", "running");
          LocalRegistry local = state.embedded.get();
          if (local == null) {
            local =
                LocalRegistry.start(
                    RegistryPage.embeddedStorage(state), state.options.embeddedPort(), events);
            LocalRegistry started = local;
            Platform.runLater(() -> state.embedded.set(started));
          }
          host = local.host();
          report.step(
              "embedded registry", "done", "http://" + host + ", storage " + local.storage());
          step("registry", "done");
        } else {
          step("registry", "skipped");
        }
        Destination d = Destination.of(state, host);
        step("push", "running");
        PushReport pushed =
            new PushEngine(
                    d.pushOptions(state.options.workDir()),
                    state.options.workDir().resolve("push"),
                    events)
                .push(state.bundle.get());
        report.pushed(pushed);
        step("push", "done");

        step("mirrors", "running");
        MirrorTarget target = d.mirrorTarget();
        Path mirrors = state.options.reportDir().resolve("mirrors-" + report.stamp());
        for (MirrorFormat f : MirrorFormat.values()) {
          MirrorConfigs.write(MirrorConfigs.of(f, target), mirrors.resolve(f.id()), true);
        }
        report.mirrors(target, mirrors);
        step("mirrors", "done");

        step("report", "running");
        var written = report.write("completed", null);
        step("report", "done");
        return new Outcome(pushed, mirrors, written);
      } catch (Exception e) {
        boolean cancelled = Failures.of(e).cancelled() || Thread.currentThread().isInterrupted();
        step.accept(current, "failed");
        // Writing the report must not be cut short by the interrupt that cancelled the run.
        boolean interrupted = Thread.interrupted();
        try {
          report.write(cancelled ? "cancelled" : "failed", e);
        } catch (AirlockException ignored) {
          // the failure itself is what the person needs to see
        } finally {
          if (interrupted) {
            Thread.currentThread().interrupt();
          }
        }
        throw e;
      }
    }
  }
}
