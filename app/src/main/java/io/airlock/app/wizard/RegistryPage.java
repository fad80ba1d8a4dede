package io.airlock.app.wizard;

import io.airlock.core.AirlockException;
import io.airlock.core.Phrase;
import io.airlock.installer.cluster.ClusterFacts;
import io.airlock.installer.mirrors.RegistryUrl;
import io.airlock.installer.mode.ModeAdvice;
import io.airlock.installer.mode.ModeAdvisor;
import io.airlock.installer.mode.RegistryMode;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/**
 * Registry mode: the recommended one preselected with its reasons, modes that cannot work here
 * disabled with the reason, the external registry's address and credentials.
 */
final class RegistryPage extends Page {

  private final ToggleGroup group = new ToggleGroup();
  private final Map<RegistryChoice, RadioButton> buttons = new EnumMap<>(RegistryChoice.class);
  private final Map<RegistryChoice, Label> notes = new EnumMap<>(RegistryChoice.class);
  private final Label recommendation = Ui.value("registry-recommendation");
  private final Label consents = Ui.value("registry-consents");
  private final CheckBox privileged =
      new CheckBox(
          "I consent to Airlock labelling its namespace"
              + " pod-security.kubernetes.io/enforce=privileged where a proxy mode needs it.");
  private final TextField url = new TextField();
  private final TextField ca = new TextField();
  private final TextField user = new TextField();
  private final PasswordField password = new PasswordField();
  private final CheckBox plainHttp =
      new CheckBox("Plain HTTP (no TLS): my choice, on a closed network");
  private final Label embeddedInfo = Ui.value("registry-embedded-info");
  private final TextField nodePath = new TextField();
  private final Label storageInfo = Ui.value("registry-storage-info");

  RegistryPage(WizardState state, Background background) {
    super(state, background);
    ready.bind(
        Bindings.createBooleanBinding(
            () -> problem() == null,
            state.registry,
            state.externalUrl,
            state.plainHttp,
            state.storageNodePath));
    waitingFor.bind(
        Bindings.createStringBinding(
            this::problem,
            state.registry,
            state.externalUrl,
            state.plainHttp,
            state.storageNodePath));
  }

  @Override
  String title() {
    return "Registry";
  }

  @Override
  String subtitle() {
    return "Where the images go, and how the nodes reach them.";
  }

  /** What keeps Next disabled, or null. */
  private String problem() {
    RegistryChoice c = state.registry.get();
    if (c == null) {
      return "Choose where the images go.";
    }
    ClusterFacts f = state.noCluster.get() ? null : state.cluster.get();
    if (c.inCluster()
        && f != null
        && f.policy().defaultStorageClass() == null
        && state.storageNodePath.get().isBlank()) {
      return "The cluster has no default StorageClass: give a directory on a node for the"
          + " registry's data.";
    }
    if (c.inCluster() && !state.storageNodePath.get().isBlank()) {
      try {
        new io.airlock.installer.plan.RegistrySettings.NodeStorage(
            null, state.storageNodePath.get().strip());
      } catch (IllegalArgumentException e) {
        return "The node directory: " + e.getMessage() + ".";
      }
    }
    if (c == RegistryChoice.EXTERNAL) {
      if (state.externalUrl.get().isBlank()) {
        return "Give the address of your registry.";
      }
      try {
        RegistryUrl.parse(state.externalUrl.get(), state.plainHttp.get(), "The registry address");
      } catch (AirlockException e) {
        return e.getMessage();
      }
    }
    return null;
  }

  @Override
  Node build() {
    VBox box = new VBox(8);
    recommendation.getStyleClass().add("recommendation");
    box.getChildren().add(recommendation);
    for (RegistryChoice c : RegistryChoice.values()) {
      RadioButton b = new RadioButton(c.label);
      b.setId("registry-" + c.name().toLowerCase(java.util.Locale.ROOT));
      b.setToggleGroup(group);
      b.setUserData(c);
      Label note = new Label();
      note.setWrapText(true);
      note.getStyleClass().add("note");
      note.setPadding(new javafx.geometry.Insets(0, 0, 0, 26));
      buttons.put(c, b);
      notes.put(c, note);
      box.getChildren().addAll(b, note);
      if (c == RegistryChoice.EMBEDDED) {
        embeddedInfo.setPadding(new javafx.geometry.Insets(0, 0, 4, 26));
        box.getChildren().add(embeddedInfo);
        embeddedInfo.visibleProperty().bind(b.disabledProperty().not());
        embeddedInfo.managedProperty().bind(embeddedInfo.visibleProperty());
      }
      if (c == RegistryChoice.EXTERNAL) {
        box.getChildren().add(externalForm());
      }
      if (c == RegistryChoice.NODEPORT) {
        box.getChildren().add(storageForm(b));
      }
    }
    group
        .selectedToggleProperty()
        .addListener(
            (o, was, now) -> {
              state.registry.set(now == null ? null : (RegistryChoice) now.getUserData());
              showConsents();
            });
    privileged.setId("registry-privileged");
    privileged.selectedProperty().bindBidirectional(state.allowPrivilegedNamespace);
    privileged.setWrapText(true);
    box.getChildren().addAll(Ui.heading("You consent to"), consents, privileged);
    return box;
  }

  /** Where an in-cluster registry keeps its data: the default StorageClass, or a node directory. */
  private GridPane storageForm(RadioButton nodeport) {
    nodePath.setId("registry-node-path");
    nodePath.setPromptText("/var/lib/airlock-registry (on the node the seed injector runs on)");
    nodePath.textProperty().bindBidirectional(state.storageNodePath);
    GridPane g = Ui.form();
    g.setPadding(new javafx.geometry.Insets(0, 0, 6, 26));
    Ui.row(g, "Data", storageInfo);
    Ui.row(g, "Node directory", nodePath);
    g.disableProperty().bind(nodeport.selectedProperty().not());
    return g;
  }

  private GridPane externalForm() {
    url.setId("registry-url");
    url.setPromptText("registry.example.org:5000/site");
    url.textProperty().bindBidirectional(state.externalUrl);
    ca.setId("registry-ca");
    ca.setPromptText("PEM file of the CA that signed the registry's certificate (optional)");
    ca.textProperty().addListener((o, was, now) -> state.externalCa.set(Ui.path(now)));
    user.setId("registry-username");
    user.textProperty().bindBidirectional(state.username);
    password.setId("registry-password");
    password.textProperty().bindBidirectional(state.password);
    plainHttp.setId("registry-plain-http");
    plainHttp.selectedProperty().bindBidirectional(state.plainHttp);
    GridPane g = Ui.form();
    g.setPadding(new javafx.geometry.Insets(0, 0, 6, 26));
    Ui.row(g, "Address", url);
    Ui.row(
        g,
        "CA file",
        Ui.pathField(
            ca,
            "Choose...",
            w -> {
              Path p = Ui.chooseFile(w, "CA certificate", null);
              if (p != null) {
                ca.setText(p.toString());
              }
            }));
    Ui.row(g, "Username", user);
    Ui.row(g, "Password", password);
    Ui.row(g, "", plainHttp);
    g.disableProperty().bind(buttons.get(RegistryChoice.EXTERNAL).selectedProperty().not());
    return g;
  }

  @Override
  void entered() {
    ClusterFacts f = state.noCluster.get() ? null : state.cluster.get();
    ModeAdvice recommended = f == null ? null : ModeAdvisor.recommend(f);
    for (RegistryChoice c : RegistryChoice.values()) {
      String blocked = blocked(c, f);
      buttons.get(c).setDisable(blocked != null);
      notes.get(c).setText(blocked != null ? blocked : describe(c, f));
    }
    String storageClass = f == null ? null : f.policy().defaultStorageClass();
    storageInfo.setText(
        storageClass != null
            ? "A volume of the default StorageClass "
                + storageClass
                + ", unless you give a directory on a node"
            : "No default StorageClass here: the data goes into a directory of one node"
                + " (the registry then always runs on that node)");
    embeddedInfo.setText(
        "Serves on http://127.0.0.1:"
            + (state.options.embeddedPort() == 0 ? "(a free port)" : state.options.embeddedPort())
            + " while Airlock is open; storage "
            + embeddedStorage(state)
            + ".");
    if (recommended == null) {
      recommendation.setText(
          "Recommended: the embedded registry on this machine. There is no cluster to install"
              + " into; it needs nothing but this laptop and keeps everything local.");
    } else {
      recommendation.setText(
          "Recommended for this cluster: "
              + recommended.mode().id()
              + ". "
              + String.join(" ", recommended.reasons())
              + (blocked(RegistryChoice.of(recommended.mode()), f) == null
                  ? ""
                  : " It cannot work here as the cluster stands; use your own registry"
                      + " (external)."));
    }
    RegistryChoice now = state.registry.get();
    if (now == null || buttons.get(now).isDisabled()) {
      RegistryChoice pick =
          recommended == null ? RegistryChoice.EMBEDDED : RegistryChoice.of(recommended.mode());
      if (buttons.get(pick).isDisabled()) {
        pick = RegistryChoice.EXTERNAL;
      }
      buttons.get(pick).setSelected(true);
    } else {
      buttons.get(now).setSelected(true);
    }
    showConsents();
  }

  static Path embeddedStorage(WizardState state) {
    return state.options.workDir().resolveSibling("embedded-registry");
  }

  /** Why a choice cannot work here, or null. */
  private static String blocked(RegistryChoice c, ClusterFacts f) {
    if (c == RegistryChoice.EMBEDDED) {
      return f == null
          ? null
          : "The cluster's nodes cannot pull from this machine's loopback: choose a mode the"
              + " nodes can reach.";
    }
    if (!c.inCluster()) {
      return null;
    }
    if (f == null) {
      return "Needs a cluster (none chosen on the Cluster step).";
    }
    List<String> blockers =
        Phrase.render(ModeAdvisor.explain(c.mode, f).blockers(), Failures::words);
    if (!blockers.isEmpty()) {
      return "Cannot work here: " + blockers.get(0);
    }
    RegistryMode recommended = ModeAdvisor.recommend(f).mode();
    return recommended == c.mode
        ? null
        : "Offered where the probe recommends it; it recommends "
            + recommended.id()
            + " for this cluster.";
  }

  private static String describe(RegistryChoice c, ClusterFacts f) {
    if (c == RegistryChoice.EMBEDDED) {
      return "Airlock's own registry, on this machine's loopback (plain HTTP, local only).";
    }
    if (f == null) {
      return "Your registry: Airlock pushes into it and writes the nodes' mirror configuration.";
    }
    return "Needs: "
        + String.join("; ", Phrase.render(ModeAdvisor.explain(c.mode, f).needs(), Failures::words))
        + ".";
  }

  private void showConsents() {
    RegistryChoice c = state.registry.get();
    ClusterFacts f = state.noCluster.get() ? null : state.cluster.get();
    List<String> list =
        c == null || c.mode == null || f == null
            ? List.of()
            : Phrase.render(ModeAdvisor.explain(c.mode, f).consents(), Failures::words);
    consents.setText(
        list.isEmpty()
            ? c == RegistryChoice.EMBEDDED
                ? "Running a registry on this machine while Airlock is open."
                : "Nothing beyond pushing into the registry you named."
            : "- " + String.join("\n- ", list));
    privileged.setDisable(c == null || c.mode == null || !c.mode.usesProxy());
  }
}
