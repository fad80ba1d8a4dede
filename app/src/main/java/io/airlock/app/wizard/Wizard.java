package io.airlock.app.wizard;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/**
 * The window: steps on the left, the current page in the middle, Back and Next below. Next is
 * enabled when the page is ready and nothing runs in the background; Back is always possible when
 * nothing runs. Alt+Left / Alt+Right navigate too, Enter presses Next.
 */
public final class Wizard {

  static final String LIGHT = Wizard.class.getResource("light.css").toExternalForm();
  static final String DARK = Wizard.class.getResource("dark.css").toExternalForm();

  private final WizardState state;
  private final Background background = new Background();
  private final List<Page> pages = new ArrayList<>();
  private final IntegerProperty current = new SimpleIntegerProperty(-1);
  private final BorderPane root = new BorderPane();
  private final VBox steps = new VBox(2);
  private final Label title = new Label();
  private final Label subtitle = new Label();
  private final ScrollPane content = new ScrollPane();
  private final Label waiting = new Label();
  private final Button back = new Button("_Back");
  private final Button next = new Button("_Next");
  private final ToggleButton dark = new ToggleButton("Dark theme");

  private Wizard(WizardOptions options) {
    state = new WizardState(options);
    pages.add(new WelcomePage(state, background));
    pages.add(new BundlePage(state, background));
    pages.add(new VerifyPage(state, background));
    pages.add(new ClusterPage(state, background));
    pages.add(new RegistryPage(state, background));
    NodesPage nodes = new NodesPage(state, background);
    pages.add(nodes);
    pages.add(new ReviewPage(state, background));
    pages.add(new InstallPage(state, background));
    pages.add(new DonePage(state, background, () -> go(pages.indexOf(nodes))));
    layout();
    go(0);
  }

  /** Puts a new wizard into {@code stage} and shows it. */
  public static Wizard show(Stage stage, WizardOptions options) {
    Wizard w = new Wizard(options);
    Scene scene = new Scene(w.root, 1280, 760);
    w.dark.setSelected(options.dark());
    w.theme(scene);
    w.dark.selectedProperty().addListener((o, was, now) -> w.theme(scene));
    scene
        .getAccelerators()
        .put(new KeyCodeCombination(KeyCode.RIGHT, KeyCombination.ALT_DOWN), w.next::fire);
    scene
        .getAccelerators()
        .put(new KeyCodeCombination(KeyCode.LEFT, KeyCombination.ALT_DOWN), w.back::fire);
    stage.setTitle("Airlock");
    stage.setMinWidth(960);
    stage.setMinHeight(600);
    stage.setScene(scene);
    stage.show();
    return w;
  }

  private void theme(Scene scene) {
    scene.getStylesheets().setAll(LIGHT);
    if (dark.isSelected()) {
      scene.getStylesheets().add(DARK);
    }
  }

  private void layout() {
    Label brand = new Label("Airlock");
    brand.getStyleClass().add("brand");
    steps.getStyleClass().add("steps");
    steps.setPadding(new Insets(16, 12, 16, 12));
    steps.setMinWidth(190);
    steps.getChildren().add(brand);
    for (int i = 0; i < pages.size(); i++) {
      Label l = new Label((i + 1) + ".  " + pages.get(i).title());
      l.getStyleClass().add("step");
      l.setMaxWidth(Double.MAX_VALUE);
      steps.getChildren().add(l);
    }
    root.setLeft(steps);

    title.getStyleClass().add("page-title");
    title.setId("page-title");
    subtitle.getStyleClass().add("page-subtitle");
    subtitle.setWrapText(true);
    VBox header = new VBox(2, title, subtitle);
    header.setPadding(new Insets(16, 24, 8, 24));

    content.setFitToWidth(true);
    content.getStyleClass().add("page-scroll");
    content.setPadding(new Insets(4, 24, 12, 24));
    content.skinProperty().addListener((o, was, skin) -> uncacheViewport());
    BorderPane center = new BorderPane(content);
    center.setTop(header);
    root.setCenter(center);

    back.setId("back");
    next.setId("next");
    next.setDefaultButton(true);
    back.setMinWidth(90);
    next.setMinWidth(90);
    dark.setId("theme");
    waiting.setId("waiting");
    waiting.getStyleClass().add("waiting");
    back.setOnAction(e -> go(current.get() - 1));
    next.setOnAction(
        e -> {
          if (current.get() == pages.size() - 1) {
            root.getScene().getWindow().hide(); // Close, on Done
          } else {
            go(current.get() + 1);
          }
        });
    HBox bar = new HBox(10, dark, Ui.grow(), waiting, back, next);
    bar.setAlignment(Pos.CENTER_RIGHT);
    bar.setPadding(new Insets(10, 24, 12, 24));
    bar.getStyleClass().add("button-bar");
    root.setBottom(bar);
  }

  private void go(int index) {
    if (index < 0 || index >= pages.size()) {
      return;
    }
    Page page = pages.get(index);
    current.set(index);
    for (int i = 0; i < pages.size(); i++) {
      Label l = (Label) steps.getChildren().get(i + 1);
      l.getStyleClass().removeAll("current", "done", "todo");
      l.getStyleClass().add(i == index ? "current" : i < index ? "done" : "todo");
    }
    title.setText(page.title());
    subtitle.setText(page.subtitle());
    content.setContent(page.view());
    content.setVvalue(0);
    page.entered();
    back.disableProperty()
        .bind(Bindings.createBooleanBinding(() -> index == 0, current).or(background.busy()));
    next.disableProperty().bind(page.ready.not().or(background.busy()));
    next.setText(
        index == pages.size() - 1 ? "_Close" : index == pages.size() - 2 ? "_Finish" : "_Next");
    waiting.textProperty().bind(Bindings.when(page.ready).then("").otherwise(page.waitingFor));
  }

  WizardState state() {
    return state;
  }

  Page page(int index) {
    return pages.get(index);
  }

  /** Shows page {@code index} directly (the benchmark skips the steps a person takes). */
  void goTo(int index) {
    go(index);
  }

  /** Stops background work and the embedded registry. */
  public void close() {
    background.shutdown();
    if (state.embedded.get() != null) {
      state.embedded.get().close();
    }
  }

  /**
   * The scroll pane's skin caches its viewport as an image, to scroll fast. But a page with live
   * progress changes every half second, and each change then repaints the whole page into that
   * image: without a GPU (software rendering) 70 to 80 ms a frame, which took a tenth of the
   * throughput of a push on a 2-core machine (bench/gui.sh). Uncached, a frame repaints only the
   * few labels that changed.
   */
  private void uncacheViewport() {
    Node viewport = content.lookup(".viewport");
    if (viewport != null) {
      viewport.setCache(false);
    }
  }
}
