package io.airlock.app.wizard;

import io.airlock.core.bundle.Bundle;
import io.airlock.core.bundle.BundleChart;
import io.airlock.installer.charts.ChartChoice;
import io.airlock.installer.charts.ChartSelection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * The bundle's charts on the Review page: one line each, ticked when the bundle installs it by
 * default, with a values file to choose; the ticked ones become Helm releases after the push
 * ({@link WizardState#charts}).
 */
final class ChartPicks {

  private final WizardState state;
  private final VBox box = new VBox(6);
  private final Map<String, CheckBox> ticks = new LinkedHashMap<>();
  private final Map<String, Path> values = new LinkedHashMap<>();
  private final Map<String, ChartChoice> defaults = new LinkedHashMap<>();

  ChartPicks(WizardState state) {
    this.state = state;
    box.setId("review-charts");
  }

  Node node() {
    return box;
  }

  /** Lists the bundle's charts; the ticks of an earlier visit stay while the bundle does. */
  void show(Bundle bundle, boolean cluster) {
    box.getChildren().clear();
    ticks.clear();
    if (!cluster) {
      box.getChildren().add(Ui.text("Charts are installed as releases only into a cluster."));
      state.charts.set(List.of());
      return;
    }
    defaults.clear();
    ChartSelection.defaults(bundle).forEach(c -> defaults.put(c.chart(), c));
    List<ChartChoice> chosen = state.charts.get();
    Map<String, BundleChart> newest = new LinkedHashMap<>();
    bundle.charts().forEach(c -> newest.merge(c.name(), c, (a, b) -> b));
    for (BundleChart c : newest.values()) {
      boolean ticked =
          chosen == null
              ? defaults.containsKey(c.name())
              : chosen.stream().anyMatch(x -> x.chart().equals(c.name()));
      CheckBox tick = new CheckBox(c.name() + " " + c.version());
      tick.setId("review-chart-" + c.name());
      tick.setSelected(ticked);
      tick.selectedProperty().addListener((o, was, now) -> update());
      Label file = new Label(values.containsKey(c.name()) ? values.get(c.name()).toString() : "");
      Button choose = new Button("Values file…");
      choose.setOnAction(
          e -> {
            Path p =
                Ui.chooseFile(
                    box.getScene().getWindow(), "Values for " + c.name(), state.bundlePath.get());
            if (p != null) {
              values.put(c.name(), p);
              file.setText(p.toString());
              update();
            }
          });
      ticks.put(c.name(), tick);
      box.getChildren().add(new HBox(10, tick, choose, file));
    }
    update();
  }

  private void update() {
    List<ChartChoice> chosen = new ArrayList<>();
    ticks.forEach(
        (name, tick) -> {
          if (tick.isSelected()) {
            ChartChoice d = defaults.getOrDefault(name, ChartChoice.of(name));
            Path v = values.get(name);
            chosen.add(
                new ChartChoice(
                    name,
                    null,
                    d.release(),
                    d.namespace(),
                    v == null ? List.of() : List.of(v),
                    List.of(),
                    d.bundleValues()));
          }
        });
    state.charts.set(List.copyOf(chosen));
  }

  /** The charts' part of the plan and of the command line. */
  static String plan(List<ChartChoice> chosen) {
    if (chosen == null || chosen.isEmpty()) {
      return "Charts      none installed as releases\n";
    }
    StringBuilder t = new StringBuilder("Charts      installed as Helm releases after the push:\n");
    for (ChartChoice c : chosen) {
      t.append("  ")
          .append(c.chart())
          .append(" -> release ")
          .append(c.namespace())
          .append('/')
          .append(c.release())
          .append(c.valuesFiles().isEmpty() ? "" : ", values " + c.valuesFiles().get(0))
          .append('\n');
    }
    return t.toString();
  }

  static String flags(List<ChartChoice> chosen) {
    StringBuilder t = new StringBuilder();
    for (ChartChoice c : chosen == null ? List.<ChartChoice>of() : chosen) {
      t.append(" --chart ").append(c.chart());
      if (!c.release().equals(c.chart())) {
        t.append(" --release ").append(c.release());
      }
      if (!c.namespace().equals("default")) {
        t.append(" --release-namespace ").append(c.namespace());
      }
      c.valuesFiles().forEach(v -> t.append(" --values ").append(v));
    }
    return t.length() == 0 ? "" : t.append(" --atomic").toString();
  }
}
