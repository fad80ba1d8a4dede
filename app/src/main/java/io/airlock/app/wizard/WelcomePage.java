package io.airlock.app.wizard;

import io.airlock.installer.report.ReportWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;

/** Welcome: what Airlock will do, what it needs, and the last report. */
final class WelcomePage extends Page {

  WelcomePage(WizardState state, Background background) {
    super(state, background);
    ready.set(true);
  }

  @Override
  String title() {
    return "Welcome";
  }

  @Override
  String subtitle() {
    return "Airlock carries Kubernetes software into a disconnected site, safely and step by step.";
  }

  @Override
  Node build() {
    VBox box = new VBox(10);
    box.getChildren()
        .addAll(
            Ui.heading("What Airlock will do"),
            Ui.text(
                "1. Open the bundle and show what it carries: images, Helm charts, sizes.\n"
                    + "2. Verify it offline against the vendor's public key before anything"
                    + " else touches it.\n"
                    + "3. Learn about the cluster (read-only) and recommend how the nodes reach"
                    + " the registry.\n"
                    + "4. Run or pick a registry, push every image and chart into it, and write"
                    + " the mirror configuration each node needs.\n"
                    + "5. Leave a report (JSON and Markdown) of everything it did."),
            Ui.heading("What you need"),
            Ui.text(
                "- The bundle: a directory or an archive (.tar, .tar.gz, .tar.zst), with its"
                    + " signature (BUNDLE.sig) or checksum list beside it.\n"
                    + "- The vendor's public key (cosign.pub) or a directory of trusted keys.\n"
                    + "- A kubeconfig for the cluster, or none: the embedded registry on this"
                    + " machine works without a cluster."),
            Ui.heading("Last report"));
    Optional<Path> last = ReportWriter.latest(state.options.reportDir());
    if (last.isPresent()) {
      Hyperlink link = new Hyperlink(last.get().toString());
      link.setId("last-report");
      TextArea text = new TextArea();
      text.setEditable(false);
      text.setPrefRowCount(12);
      text.setVisible(false);
      text.setManaged(false);
      link.setOnAction(
          e -> {
            try {
              text.setText(Files.readString(last.get()));
            } catch (java.io.IOException ex) {
              text.setText("Cannot read " + last.get() + ": " + ex.getMessage());
            }
            text.setVisible(!text.isVisible());
            text.setManaged(text.isVisible());
          });
      box.getChildren().addAll(link, text);
    } else {
      box.getChildren().add(Ui.text("No earlier report in " + state.options.reportDir() + "."));
    }
    box.getChildren()
        .add(Ui.text("Press Next (or Enter) to begin. Alt+Left and Alt+Right move between steps."));
    return box;
  }
}
