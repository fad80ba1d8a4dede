package io.airlock.app.wizard;

import io.airlock.core.bundle.Bundle;
import io.airlock.core.push.PushReport;
import io.airlock.core.registry.LocalRegistry;
import io.airlock.core.verify.VerificationReport;
import io.airlock.installer.cluster.ClusterFacts;
import io.airlock.installer.report.ReportWriter;
import java.nio.file.Path;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * Everything the person chose and every result so far, as properties the pages bind to. Lives as
 * long as the window, so going back keeps it. A result is dropped when what it came from changes (a
 * new bundle drops its verification).
 */
final class WizardState {

  final WizardOptions options;

  // Bundle
  final ObjectProperty<Path> bundlePath = new SimpleObjectProperty<>();
  final ObjectProperty<Bundle> bundle = new SimpleObjectProperty<>();

  // Verify
  final ObjectProperty<Path> keyPath = new SimpleObjectProperty<>();
  final ObjectProperty<VerificationReport> verification = new SimpleObjectProperty<>();

  /** The words the person confirmed, and when, to go on without verification; null otherwise. */
  final StringProperty skipConfirmation = new SimpleStringProperty();

  // Cluster
  final BooleanProperty noCluster = new SimpleBooleanProperty();
  final ObjectProperty<Path> kubeconfig = new SimpleObjectProperty<>();
  final StringProperty context = new SimpleStringProperty();
  final StringProperty namespace = new SimpleStringProperty("airlock-system");
  final ObjectProperty<ClusterFacts> cluster = new SimpleObjectProperty<>();

  // Registry
  final ObjectProperty<RegistryChoice> registry = new SimpleObjectProperty<>();
  final StringProperty externalUrl = new SimpleStringProperty("");
  final ObjectProperty<Path> externalCa = new SimpleObjectProperty<>();
  final StringProperty username = new SimpleStringProperty("");
  final StringProperty password = new SimpleStringProperty("");
  final BooleanProperty plainHttp = new SimpleBooleanProperty();
  final BooleanProperty allowPrivilegedNamespace = new SimpleBooleanProperty();

  /** Consent to Airlock writing the mirror files onto the nodes (and putting them back later). */
  final BooleanProperty configureNodes = new SimpleBooleanProperty();

  /** A directory on a node for the registry's data (in-cluster, no StorageClass); "" for none. */
  final StringProperty storageNodePath = new SimpleStringProperty("");

  // Review: the charts to install as Helm releases; null until Review shows the bundle's defaults
  final ObjectProperty<java.util.List<io.airlock.installer.charts.ChartChoice>> charts =
      new SimpleObjectProperty<>();

  // Install
  final ObjectProperty<LocalRegistry> embedded = new SimpleObjectProperty<>();
  final ObjectProperty<PushReport> pushed = new SimpleObjectProperty<>();
  final ObjectProperty<Path> mirrorsDir = new SimpleObjectProperty<>();
  final ObjectProperty<ReportWriter.Written> report = new SimpleObjectProperty<>();
  final ObjectProperty<java.util.List<io.airlock.installer.state.InstallState.InstalledRelease>>
      releases = new SimpleObjectProperty<>(java.util.List.of());

  WizardState(WizardOptions options) {
    this.options = options;
    bundlePath.addListener((o, was, now) -> bundle.set(null));
    bundle.addListener((o, was, now) -> charts.set(null));
    bundle.addListener((o, was, now) -> dropVerification());
    keyPath.addListener((o, was, now) -> verification.set(null));
    kubeconfig.addListener((o, was, now) -> cluster.set(null));
    context.addListener((o, was, now) -> cluster.set(null));
    noCluster.addListener((o, was, now) -> cluster.set(null));
    registry.addListener((o, was, now) -> pushed.set(null));
  }

  private void dropVerification() {
    verification.set(null);
    skipConfirmation.set(null);
    pushed.set(null);
  }

  /**
   * True when the bundle's signature verified (with its contents), or the person confirmed going on
   * without it. Contents alone prove nothing about who made the bundle.
   */
  boolean verifiedOrWaived() {
    VerificationReport v = verification.get();
    return (v != null && v.passed() && v.signature() != null) || skipConfirmation.get() != null;
  }
}
