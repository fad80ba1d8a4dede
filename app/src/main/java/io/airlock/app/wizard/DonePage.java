package io.airlock.app.wizard;

import io.airlock.core.Sizes;
import io.airlock.core.push.PushReport;
import io.airlock.installer.report.ReportWriter;
import java.nio.file.Files;
import java.util.Locale;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** Done: the summary, where the report is, and what is left to do on the nodes. */
final class DonePage extends Page {

  private final Label summary = Ui.value("done-summary");
  private final Label json = Ui.value("done-report-json");
  private final Label markdown = Ui.value("done-report-markdown");
  private final Label mirrors = Ui.value("done-mirrors");
  private final Label next = Ui.value("done-next");
  private final Label releases = Ui.value("done-releases");
  private final TextArea report = new TextArea();
  private final ErrorView error = new ErrorView("done-error");
  private final Button nodes = new Button("Show the node proxies");
  private final Runnable toNodes;

  /**
   * @param toNodes shows the Nodes page, which tells each node's proxy in the proxy modes
   */
  DonePage(WizardState state, Background background, Runnable toNodes) {
    super(state, background);
    this.toNodes = toNodes;
    ready.set(true);
  }

  @Override
  String title() {
    return "Done";
  }

  @Override
  String subtitle() {
    return "Everything is in the registry. The report says what was done and what is left.";
  }

  @Override
  Node build() {
    summary.getStyleClass().add("summary");
    summary.getStyleClass().add("good");
    GridPane files = Ui.form();
    Ui.row(files, "Report (JSON)", json);
    Ui.row(files, "Report (Markdown)", markdown);
    Ui.row(files, "Mirror configuration", mirrors);
    Ui.row(files, "Helm releases", releases);
    report.setId("done-report");
    report.setEditable(false);
    report.setPrefRowCount(12);
    report.getStyleClass().add("mono");
    Button copy = new Button("Copy report");
    copy.setOnAction(e -> Ui.copy(report.getText()));
    nodes.setId("done-nodes");
    nodes.setOnAction(e -> toNodes.run());
    nodes.managedProperty().bind(nodes.visibleProperty());
    return new VBox(
        10,
        summary,
        files,
        Ui.heading("Next steps"),
        next,
        nodes,
        error,
        new HBox(10, Ui.heading("The report"), Ui.grow(), copy),
        report);
  }

  @Override
  void entered() {
    PushReport p = state.pushed.get();
    ReportWriter.Written w = state.report.get();
    if (p == null || w == null) {
      return;
    }
    summary.setText(
        String.format(
            Locale.ROOT,
            "Installed: %d images and charts in %s (%d pushed, %d already there), %s sent in %.1f s.",
            p.artifacts().size(),
            state.registry.get() != null && state.registry.get().inCluster()
                ? "the registry in the cluster (nodes pull from 127.0.0.1:"
                    + io.airlock.installer.plan.RegistrySettings.DEFAULT_NODE_PORT
                    + ")"
                : p.target(),
            p.pushedCount(),
            p.presentCount(),
            Sizes.human(p.sentBytes()),
            p.elapsed().toMillis() / 1000.0));
    json.setText(w.json().toString());
    markdown.setText(w.markdown().toString());
    mirrors.setText(String.valueOf(state.mirrorsDir.get()));
    releases.setText(
        state.releases.get().isEmpty()
            ? "none"
            : String.join("\n", state.releases.get().stream().map(r -> r.summary()).toList()));
    StringBuilder n = new StringBuilder();
    n.append("1. On each node, copy the mirror configuration of its runtime from ")
        .append(state.mirrorsDir.get())
        .append(" onto the node's root and do the steps it names (the Nodes step shows which).\n");
    if (state.registry.get() == RegistryChoice.EMBEDDED) {
      n.append("2. The embedded registry at http://")
          .append(p.target())
          .append(" serves while Airlock is open; 'airlock serve --storage ")
          .append(RegistryPage.embeddedStorage(state))
          .append("' keeps serving it.\n");
    }
    if (state.registry.get() != null && state.registry.get().inCluster()) {
      n.append(
          "2. 'airlock uninstall' removes what the installation made (its state Secret lists"
              + " it); running the install again does only what is missing.\n");
    }
    n.append(state.registry.get() == RegistryChoice.EXTERNAL ? "2. " : "3. ")
        .append("Keep the report with the site's records.");
    next.setText(n.toString());
    RegistryChoice mode = state.registry.get();
    nodes.setVisible(mode == RegistryChoice.HOSTPORT || mode == RegistryChoice.HOSTNETWORK);
    error.clear();
    background.run(() -> Files.readString(w.markdown()), report::setText, error::show);
  }
}
