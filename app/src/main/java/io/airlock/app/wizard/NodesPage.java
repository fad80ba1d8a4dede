package io.airlock.app.wizard;

import io.airlock.core.Sizes;
import io.airlock.installer.cluster.ClusterFacts;
import io.airlock.installer.cluster.NodeFacts;
import io.airlock.installer.mirrors.MirrorConfig;
import io.airlock.installer.mirrors.MirrorConfigs;
import io.airlock.installer.mirrors.MirrorFile;
import io.airlock.installer.mirrors.MirrorFormat;
import io.airlock.installer.mirrors.MirrorTarget;
import io.airlock.installer.pipeline.ProxyStates;
import io.airlock.installer.plan.InjectorPlacement;
import io.airlock.installer.plan.NodeMirror;
import java.io.File;
import java.nio.file.Path;
import java.util.Set;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;

/**
 * Nodes: the inventory, which node would host the seed injector, each node's proxy in the proxy
 * modes (Ready, not ready and why, missing), and the mirror configuration each node needs to pull
 * from the chosen registry (view, copy, export).
 */
final class NodesPage extends Page {

  private final TableView<NodeFacts> nodes = new TableView<>();
  private final Label inventory = Ui.value("nodes-inventory");
  private final Label injector = Ui.value("nodes-injector");
  private final ComboBox<MirrorFormat> format = new ComboBox<>();
  private final Label target = Ui.value("nodes-target");
  private final TextArea config = new TextArea();
  private final Label exported = Ui.value("nodes-exported");
  private final ErrorView error = new ErrorView("nodes-error");
  private final javafx.scene.control.CheckBox configure =
      new javafx.scene.control.CheckBox(
          "I consent to Airlock writing these files onto every node during the installation"
              + " (what it replaces is kept beside it and put back by an uninstall; nothing is"
              + " restarted: the report says what each runtime still needs).");
  private final Label proxies = Ui.value("nodes-proxies");
  private final Button refreshProxies = new Button("Refresh");
  private final HBox proxyRow = new HBox(10, proxies, Ui.grow(), refreshProxies);
  private final java.util.Map<String, ProxyStates.NodeProxy> proxyStates =
      new java.util.HashMap<>();
  private final javafx.scene.control.TableColumn<NodeFacts, String> proxyColumn =
      Ui.column("Proxy", 150, n -> proxyText(n.name()));
  private MirrorTarget mirrorTarget;
  private MirrorConfig shown;

  NodesPage(WizardState state, Background background) {
    super(state, background);
    ready.set(true);
  }

  @Override
  String title() {
    return "Nodes";
  }

  @Override
  String subtitle() {
    return "The cluster's nodes and the mirror configuration each needs, so that pulls of"
        + " docker.io/... go to your registry.";
  }

  @Override
  Node build() {
    nodes.setId("nodes-table");
    nodes.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
    Ui.fitRows(nodes, 6);
    nodes.getColumns().add(Ui.column("Name", 140, NodeFacts::name));
    nodes
        .getColumns()
        .add(Ui.column("Roles", 130, n -> n.roles().isEmpty() ? "-" : String.join(",", n.roles())));
    nodes.getColumns().add(Ui.column("Ready", 50, n -> n.ready() ? "yes" : "NO"));
    nodes
        .getColumns()
        .add(
            Ui.column(
                "IPs",
                150,
                n ->
                    dash(n.internalIpv4())
                        + (n.internalIpv6() == null ? "" : " " + n.internalIpv6())));
    nodes.getColumns().add(Ui.column("Arch", 60, n -> dash(n.architecture())));
    nodes.getColumns().add(Ui.column("Runtime", 180, n -> n.runtime() + " " + n.runtimeVersion()));
    nodes
        .getColumns()
        .add(
            Ui.column(
                "CPU / memory",
                110,
                n -> dash(n.allocatableCpu()) + " / " + n.allocatableMemoryReadable()));
    nodes
        .getColumns()
        .add(
            Ui.column(
                "Taints", 100, n -> n.taints().isEmpty() ? "-" : String.join(", ", n.taints())));
    nodes
        .getColumns()
        .add(
            Ui.column(
                "Images",
                90,
                n ->
                    n.images().size()
                        + " ("
                        + Sizes.human(
                            n.images().stream().mapToLong(NodeFacts.NodeImage::sizeBytes).sum())
                        + ")"));
    nodes.getColumns().add(proxyColumn);
    nodes
        .getSelectionModel()
        .selectedItemProperty()
        .addListener(
            (o, was, now) -> {
              ClusterFacts f = state.cluster.get();
              if (now != null && f != null) {
                MirrorFormat m = NodeMirror.formatFor(now, f.distroKind());
                if (m != null) {
                  format.setValue(m);
                }
              }
            });
    refreshProxies.setId("nodes-proxies-refresh");
    refreshProxies.setOnAction(e -> queryProxies());
    refreshProxies.disableProperty().bind(background.busy());
    proxyRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
    proxyRow.managedProperty().bind(proxyRow.visibleProperty());
    VBox clusterPart = new VBox(8, inventory, nodes, proxyRow, injector);
    clusterPart.visibleProperty().bind(state.noCluster.not().and(state.cluster.isNotNull()));
    clusterPart.managedProperty().bind(clusterPart.visibleProperty());

    format.setId("nodes-format");
    format.getItems().setAll(MirrorFormat.values());
    format.setConverter(
        new javafx.util.StringConverter<>() {
          @Override
          public String toString(MirrorFormat f) {
            return f == null ? "" : f.id();
          }

          @Override
          public MirrorFormat fromString(String s) {
            return MirrorFormat.parse(s);
          }
        });
    format.setValue(MirrorFormat.CONTAINERD);
    format.valueProperty().addListener((o, was, now) -> render());
    config.setId("nodes-config");
    config.setEditable(false);
    config.setPrefRowCount(14);
    config.getStyleClass().add("mono");
    Button copy = new Button("Copy");
    copy.setOnAction(e -> Ui.copy(config.getText()));
    Button export = new Button("Export...");
    export.setId("nodes-export");
    export.setOnAction(
        e -> {
          DirectoryChooser c = new DirectoryChooser();
          c.setTitle("Export the mirror configuration into");
          File dir = c.showDialog(config.getScene().getWindow());
          if (dir != null) {
            exportTo(dir.toPath().resolve("airlock-mirrors-" + format.getValue().id()));
          }
        });
    HBox formatRow = new HBox(10, new Label("Format"), format, Ui.grow(), copy, export);
    formatRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
    configure.setId("nodes-configure");
    configure.setWrapText(true);
    configure.selectedProperty().bindBidirectional(state.configureNodes);
    configure.visibleProperty().bind(clusterPart.visibleProperty());
    configure.managedProperty().bind(configure.visibleProperty());
    return new VBox(
        10,
        clusterPart,
        Ui.heading("Mirror configuration"),
        target,
        formatRow,
        config,
        exported,
        configure,
        error);
  }

  private static String dash(String s) {
    return s == null || s.isEmpty() ? "-" : s;
  }

  @Override
  void entered() {
    error.clear();
    ClusterFacts f = state.noCluster.get() ? null : state.cluster.get();
    if (f != null) {
      nodes.getItems().setAll(f.nodes());
      inventory.setText(
          f.nodes().size() + " node(s), " + f.distroKind().display() + " " + f.version() + ".");
      injector.setText(
          InjectorPlacement.hostNode(f.nodes(), Set.of("amd64", "arm64"))
              .map(
                  p ->
                      "Seed injector host (in-cluster modes): "
                          + p.node()
                          + " ("
                          + p.architecture()
                          + "), using the image "
                          + p.image()
                          + " already on it.")
              .orElse("No node can host the seed injector (none ready with a tagged image)."));
      if (!f.nodes().isEmpty()) {
        nodes.getSelectionModel().selectFirst();
      }
    } else {
      nodes.getItems().clear();
    }
    queryProxies();
    mirrorTarget = null;
    config.setText("");
    String host = Destination.embeddedHost(state);
    background.run(
        () -> Destination.of(state, host).mirrorTarget(),
        t -> {
          mirrorTarget = t;
          render();
        },
        error::show);
  }

  /** True when the chosen mode runs a proxy on every node (hostport, hostnetwork). */
  private boolean proxyMode() {
    RegistryChoice c = state.registry.get();
    return !state.noCluster.get()
        && state.cluster.get() != null
        && (c == RegistryChoice.HOSTPORT || c == RegistryChoice.HOSTNETWORK);
  }

  /**
   * Asks the cluster how each node's proxy is, each time the page shows in a proxy mode (after an
   * install, Done leads back here) and on Refresh; before an install it says there is none yet.
   */
  private void queryProxies() {
    proxyStates.clear();
    proxies.setText("");
    proxyRow.setVisible(proxyMode());
    proxyColumn.setVisible(proxyMode());
    if (!proxyMode()) {
      nodes.refresh();
      return;
    }
    proxies.setText("Node proxies: asking the cluster...");
    String ns = WizardInstall.namespace(state);
    background.run(
        WizardInstall.onCluster(state, ProxyStates::of),
        list -> {
          list.forEach(p -> proxyStates.put(p.node(), p));
          proxies.setText(proxySummary(list, ns));
          nodes.refresh();
        },
        e -> {
          proxies.setText("Node proxies: unknown (see below).");
          error.show(e);
        });
  }

  private static String proxySummary(java.util.List<ProxyStates.NodeProxy> list, String ns) {
    if (list.isEmpty()) {
      return "Node proxies: none in " + ns + " yet; the installation starts one on every node.";
    }
    long ready = list.stream().filter(p -> p.state() == ProxyStates.State.READY).count();
    return "Node proxies: " + ready + " of " + list.size() + " node(s) ready.";
  }

  private String proxyText(String node) {
    ProxyStates.NodeProxy p = proxyStates.get(node);
    if (p == null) {
      return "-";
    }
    return switch (p.state()) {
      case READY -> "Ready";
      case NOT_READY -> "not ready (" + p.reason() + ")";
      case MISSING -> "missing";
    };
  }

  private void render() {
    if (mirrorTarget == null || format.getValue() == null) {
      return;
    }
    target.setText(
        "Pulls of "
            + String.join(", ", mirrorTarget.upstreams())
            + " go to "
            + mirrorTarget.baseUrl()
            + (state.registry.get() == RegistryChoice.EMBEDDED
                ? " (this machine's loopback: for this machine and tests; nodes need a registry"
                    + " they can reach)"
                : ""));
    shown = MirrorConfigs.of(format.getValue(), mirrorTarget);
    StringBuilder text = new StringBuilder();
    for (MirrorFile file : shown.files()) {
      text.append("# ").append(file.nodePath()).append('\n').append(file.text()).append('\n');
    }
    text.append("# Then:\n");
    shown.steps().forEach(s -> text.append("#  - ").append(s).append('\n'));
    config.setText(text.toString());
  }

  private void exportTo(Path dir) {
    MirrorConfig c = shown;
    if (c == null) {
      return;
    }
    background.run(
        () -> {
          MirrorConfigs.write(c, dir, true);
          return dir;
        },
        d -> exported.setText("Exported to " + d),
        error::show);
  }
}
