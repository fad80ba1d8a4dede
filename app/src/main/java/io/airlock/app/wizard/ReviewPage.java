package io.airlock.app.wizard;

import io.airlock.core.AirlockException;
import io.airlock.core.BadInputException;
import io.airlock.core.Sizes;
import io.airlock.core.bundle.Bundle;
import io.airlock.core.bundle.BundleChart;
import io.airlock.core.bundle.BundleImage;
import io.airlock.core.oci.ImageRef;
import io.airlock.core.oci.TargetNaming;
import io.airlock.core.verify.VerificationReport;
import io.airlock.installer.cluster.ClusterFacts;
import io.airlock.installer.cluster.NodeFacts;
import io.airlock.installer.mirrors.MirrorFormat;
import io.airlock.installer.plan.NodeMirror;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** Review: the whole plan, the command-line equivalent to copy, and a dry-run export. */
final class ReviewPage extends Page {

  private final TextArea plan = new TextArea();
  private final TextArea cli = new TextArea();
  private final ErrorView error = new ErrorView("review-error");
  private final javafx.scene.control.Label exported = Ui.value("review-exported");
  private final ChartPicks charts;
  private Destination shown;

  ReviewPage(WizardState state, Background background) {
    super(state, background);
    charts = new ChartPicks(state);
    ready.set(true);
    state.charts.addListener(
        (o, was, now) -> {
          if (shown != null) {
            showPlan();
          }
        });
  }

  private void showPlan() {
    plan.setText(plan(shown));
    cli.setText(
        shown.commandLine(
            state.bundlePath.get(),
            state.keyPath.get(),
            state.storageNodePath.get(),
            state.configureNodes.get(),
            ChartPicks.flags(state.charts.get())));
  }

  @Override
  String title() {
    return "Review";
  }

  @Override
  String subtitle() {
    return "Nothing has changed yet. This is what Install will do.";
  }

  @Override
  Node build() {
    plan.setId("review-plan");
    plan.setEditable(false);
    plan.setPrefRowCount(16);
    plan.getStyleClass().add("mono");
    cli.setId("review-cli");
    cli.setEditable(false);
    cli.setPrefRowCount(4);
    cli.getStyleClass().add("mono");
    Button copy = new Button("Copy commands");
    copy.setOnAction(e -> Ui.copy(cli.getText()));
    Button export = new Button("Export dry-run");
    export.setId("review-export");
    export.setOnAction(e -> export());
    return new VBox(
        10,
        plan,
        Ui.heading("Charts to install as Helm releases (rolled back if one fails)"),
        charts.node(),
        Ui.heading("The same from the command line"),
        cli,
        new HBox(10, copy, export, exported),
        error);
  }

  @Override
  void entered() {
    error.clear();
    exported.setText("");
    try {
      shown = Destination.of(state, Destination.embeddedHost(state));
      charts.show(state.bundle.get(), !state.noCluster.get() && !shown.embedded());
      showPlan();
    } catch (AirlockException e) {
      error.show(e);
    }
  }

  private String plan(Destination d) {
    Bundle b = state.bundle.get();
    StringBuilder t = new StringBuilder();
    t.append("Bundle      ").append(b.path()).append(" (").append(b.format().id());
    t.append(b.version() == null ? "" : ", version " + b.version()).append(")\n");
    VerificationReport v = state.verification.get();
    t.append("Verified    ")
        .append(
            state.skipConfirmation.get() != null
                ? "NO: going on without verification, " + state.skipConfirmation.get()
                : v == null ? "no" : v.summary())
        .append('\n');
    ClusterFacts f = state.noCluster.get() ? null : state.cluster.get();
    t.append("Cluster     ")
        .append(
            f == null
                ? "none"
                : f.server() + " (" + f.distroKind().display() + " " + f.version() + ")")
        .append('\n');
    t.append("Registry    ")
        .append(
            d.embedded()
                ? "embedded, on this machine: "
                : d.inCluster()
                    ? "Airlock's, in the cluster (nodeport); nodes pull from "
                    : "yours: ")
        .append(d.plainHttp() ? "http://" : "https://")
        .append(d.registry())
        .append('\n');
    t.append("Push        ")
        .append(b.images().size())
        .append(" images and ")
        .append(b.charts().size())
        .append(" charts, ")
        .append(Sizes.human(b.sizeBytes()))
        .append(" at most (blobs the registry has are skipped)\n\n");
    TargetNaming naming = new TargetNaming(d.prefix(), false);
    for (BundleImage i : b.images()) {
      t.append("  ").append(i.ref()).append("\n    -> ");
      try {
        t.append(naming.targetRef(d.host(), ImageRef.parse(i.ref())));
      } catch (RuntimeException e) {
        t.append("(").append(e.getMessage()).append(")");
      }
      t.append('\n');
    }
    for (BundleChart c : b.charts()) {
      t.append("  chart ")
          .append(c.name())
          .append(' ')
          .append(c.version())
          .append("\n    -> ")
          .append(d.host())
          .append('/')
          .append(naming.chartRepository(c.name()))
          .append(':')
          .append(TargetNaming.chartTag(c.version()))
          .append('\n');
    }
    t.append("\nThen        mirror configuration for the nodes, written beside the report");
    if (f != null) {
      t.append(":\n");
      for (NodeFacts n : f.nodes()) {
        MirrorFormat m = NodeMirror.formatFor(n, f.distroKind());
        t.append("  ")
            .append(n.name())
            .append(": ")
            .append(m == null ? "no format for runtime " + n.runtime() : m.id())
            .append('\n');
      }
    } else {
      t.append(" (containerd and every other format)\n");
    }
    t.append(ChartPicks.plan(state.charts.get()));
    t.append("Report      JSON and Markdown in ").append(state.options.reportDir()).append('\n');
    return t.toString();
  }

  private void export() {
    String text =
        "# Airlock dry-run\n\n```\n" + plan.getText() + "```\n\n```\n" + cli.getText() + "```\n";
    Path dir = state.options.reportDir();
    background.run(
        () -> {
          Path file = dir.resolve("airlock-dry-run-" + Instant.now().toEpochMilli() + ".md");
          io.airlock.core.AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
          return file;
        },
        file -> exported.setText("Saved " + file),
        failure ->
            error.show(
                failure instanceof IOException io
                    ? new BadInputException(
                        "Cannot save the dry-run in " + dir + ": " + io.getMessage() + ".",
                        "Check that the directory is writable and has space.",
                        io)
                    : failure));
  }
}
