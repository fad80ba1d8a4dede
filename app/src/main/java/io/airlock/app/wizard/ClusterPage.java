package io.airlock.app.wizard;

import io.airlock.installer.cluster.ClusterFacts;
import io.airlock.installer.cluster.ClusterProbe;
import io.airlock.installer.cluster.Kubeconfig;
import io.airlock.installer.cluster.Permission;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** Cluster: kubeconfig and context, the read-only probe and what it found. */
final class ClusterPage extends Page {

  private final RadioButton useCluster = new RadioButton("Install for a Kubernetes cluster");
  private final RadioButton none =
      new RadioButton("No cluster: push into the embedded registry on this machine");
  private final TextField kubeconfig = new TextField();
  private final ComboBox<String> context = new ComboBox<>();
  private final TextField namespace = new TextField();
  private final ErrorView error = new ErrorView("cluster-error");
  private final Label server = Ui.value("cluster-server");
  private final Label version = Ui.value("cluster-version");
  private final Label distro = Ui.value("cluster-distro");
  private final Label families = Ui.value("cluster-families");
  private final Label kubeProxy = Ui.value("cluster-kube-proxy");
  private final Label nodes = Ui.value("cluster-nodes");
  private final Label missing = Ui.value("cluster-missing");
  private final TableView<Permission> permissions = new TableView<>();

  ClusterPage(WizardState state, Background background) {
    super(state, background);
    ready.bind(state.noCluster.or(state.cluster.isNotNull()));
    waitingFor.set("Probe the cluster, or choose no cluster.");
  }

  @Override
  String title() {
    return "Cluster";
  }

  @Override
  String subtitle() {
    return "Airlock reads what it needs to know about the cluster; the probe changes nothing.";
  }

  @Override
  Node build() {
    ToggleGroup group = new ToggleGroup();
    useCluster.setToggleGroup(group);
    none.setToggleGroup(group);
    useCluster.setId("cluster-use");
    none.setId("cluster-none");
    (state.noCluster.get() ? none : useCluster).setSelected(true);
    none.selectedProperty().addListener((o, was, now) -> state.noCluster.set(now));

    kubeconfig.setId("cluster-kubeconfig");
    kubeconfig.setPromptText("~/.kube/config");
    if (state.kubeconfig.get() == null) {
      Kubeconfig.defaultFile().ifPresent(state.kubeconfig::set);
    }
    if (state.kubeconfig.get() != null) {
      kubeconfig.setText(state.kubeconfig.get().toString());
    }
    kubeconfig
        .textProperty()
        .addListener(
            (o, was, now) -> {
              state.kubeconfig.set(Ui.path(now));
              readContexts();
            });
    context.setId("cluster-context");
    context.setMaxWidth(Double.MAX_VALUE);
    context.valueProperty().addListener((o, was, now) -> state.context.set(now));
    namespace.setId("cluster-namespace");
    namespace.textProperty().bindBidirectional(state.namespace);
    Button probe = new Button("Probe the cluster");
    probe.setId("cluster-probe");
    probe.setOnAction(e -> probe());
    ProgressIndicator spinner = new ProgressIndicator();
    spinner.setPrefSize(22, 22);
    spinner.visibleProperty().bind(background.busy());

    GridPane form = Ui.form();
    Ui.row(
        form,
        "Kubeconfig",
        Ui.pathField(
            kubeconfig,
            "Choose...",
            w -> {
              Path p = Ui.chooseFile(w, "Kubeconfig", state.kubeconfig.get());
              if (p != null) {
                kubeconfig.setText(p.toString());
              }
            }));
    Ui.row(form, "Context", context);
    Ui.row(form, "Namespace", namespace);
    VBox clusterBox = new VBox(10, form, new HBox(10, probe, spinner), error);
    clusterBox.disableProperty().bind(state.noCluster);
    probe.disableProperty().bind(background.busy());

    GridPane facts = Ui.form();
    Ui.row(facts, "API server", server);
    Ui.row(facts, "Version", version);
    Ui.row(facts, "Distribution", distro);
    Ui.row(facts, "IP families", families);
    Ui.row(facts, "kube-proxy", kubeProxy);
    Ui.row(facts, "Nodes", nodes);
    permissions.setId("cluster-permissions");
    permissions.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
    Ui.fitRows(permissions, 8);
    permissions
        .getColumns()
        .add(
            Ui.column(
                "Allowed", 70, p -> p.allowed() == null ? "unknown" : p.allowed() ? "yes" : "NO"));
    permissions.getColumns().add(Ui.column("Permission", 330, Permission::describe));
    permissions.getColumns().add(Ui.column("For", 300, Permission::why));
    VBox result =
        new VBox(
            8,
            Ui.heading("What the probe found"),
            facts,
            Ui.heading("Permissions"),
            missing,
            permissions);
    result.visibleProperty().bind(state.cluster.isNotNull().and(state.noCluster.not()));
    result.managedProperty().bind(result.visibleProperty());
    state.cluster.addListener((o, was, now) -> show(now));

    readContexts();
    show(state.cluster.get());
    return new VBox(10, useCluster, clusterBox, none, result);
  }

  private void readContexts() {
    Path file = state.kubeconfig.get();
    if (file == null || !java.nio.file.Files.isRegularFile(file)) {
      context.getItems().clear();
      return;
    }
    background.run(
        () -> Kubeconfig.read(file),
        k -> {
          if (!file.equals(state.kubeconfig.get())) {
            return;
          }
          String keep = state.context.get();
          context.getItems().setAll(k.contexts());
          context.setValue(keep != null && k.contexts().contains(keep) ? keep : k.current());
        },
        error::show);
  }

  private void probe() {
    error.clear();
    state.cluster.set(null);
    background.run(
        WizardInstall.onCluster(state, (c, ns) -> new ClusterProbe(c).probe(ns)),
        state.cluster::set,
        error::show);
  }

  private void show(ClusterFacts f) {
    if (f == null) {
      permissions.getItems().clear();
      return;
    }
    server.setText(f.server());
    version.setText(String.valueOf(f.version()));
    distro.setText(f.distroKind().display() + " (" + f.distro().evidence() + ")");
    families.setText(
        f.network().families().display() + " (" + f.network().familiesEvidence() + ")");
    kubeProxy.setText(
        f.network().kubeProxy().display() + " (" + f.network().kubeProxyEvidence() + ")");
    nodes.setText(
        f.nodes().size()
            + " ("
            + f.nodes().stream().filter(n -> n.ready()).count()
            + " ready); details on the Nodes step");
    permissions.getItems().setAll(f.policy().permissions());
    int m = f.policy().missing().size();
    missing.setText(
        m == 0
            ? "All permissions Airlock needs are granted."
            : m + " permission(s) missing: an install would fail at those steps.");
  }
}
