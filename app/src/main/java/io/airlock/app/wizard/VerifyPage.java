package io.airlock.app.wizard;

import io.airlock.cli.TrustAnchors;
import io.airlock.core.Sizes;
import io.airlock.core.verify.Companions;
import io.airlock.core.verify.Verification;
import io.airlock.core.verify.VerificationReport;
import io.airlock.core.verify.VerificationRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Verify: the vendor's key, the signature and checksums found beside the bundle, the run with its
 * progress, and the verdict in large type. Going on unverified takes an explicit confirmation,
 * which the report records.
 */
final class VerifyPage extends Page {

  static final String SKIP_WORDS =
      "I install this bundle WITHOUT verifying it and accept the risk.";

  private final TextField key = new TextField();
  private final Label signature = Ui.value("verify-signature-file");
  private final Label checksums = Ui.value("verify-checksums-file");
  private final ProgressBar progress = new ProgressBar(0);
  private final Label progressText = Ui.value("verify-progress");
  private final Label verdict = Ui.value("verify-verdict");
  private final Label summary = Ui.value("verify-summary");
  private final Label keyInfo = Ui.value("verify-key");
  private final Label anchors = Ui.value("verify-key-anchors");
  private final Label fingerprint = Ui.value("verify-fingerprint");
  private final ErrorView error = new ErrorView("verify-error");
  private final CheckBox skip = new CheckBox(SKIP_WORDS);
  private Companions companions = new Companions(null, null, null);

  VerifyPage(WizardState state, Background background) {
    super(state, background);
    ready.bind(
        javafx.beans.binding.Bindings.createBooleanBinding(
            state::verifiedOrWaived, state.verification, state.skipConfirmation));
    waitingFor.set("Verify the bundle, or confirm going on without verification.");
  }

  @Override
  String title() {
    return "Verify";
  }

  @Override
  String subtitle() {
    return "Check offline that the bundle is exactly what the vendor signed, before anything"
        + " else touches it.";
  }

  @Override
  Node build() {
    key.setId("verify-key-path");
    key.setPromptText("The vendor's public key (cosign.pub) or a directory of trusted keys");
    key.textProperty()
        .addListener(
            (o, was, now) -> {
              state.keyPath.set(Ui.path(now));
              boolean builtIn =
                  state.keyPath.get() != null
                      && TrustAnchors.installed().map(state.keyPath.get()::equals).orElse(false);
              anchors.setVisible(builtIn);
              anchors.setManaged(builtIn);
            });
    HBox keyRow =
        Ui.pathField(
            key,
            "Choose...",
            w -> {
              Path p = Ui.chooseFile(w, "Public key", state.bundlePath.get());
              if (p != null) {
                key.setText(p.toString());
              }
            });
    GridPane found = Ui.form();
    Ui.row(found, "Public key", keyRow);
    anchors.setVisible(false);
    anchors.setManaged(false);
    Ui.row(found, "", anchors);
    Ui.row(found, "Signature", signature);
    Ui.row(found, "Checksums", checksums);

    Button run = new Button("Verify");
    run.setId("verify-run");
    run.disableProperty().bind(background.busy());
    run.setOnAction(e -> verify());
    progress.setMaxWidth(Double.MAX_VALUE);
    HBox.setHgrow(progress, Priority.ALWAYS);
    HBox bar = new HBox(8, run, progress, progressText);

    verdict.getStyleClass().add("verdict");
    fingerprint.getStyleClass().add("fingerprint");
    keyInfo.getStyleClass().add("fingerprint");
    VBox result = new VBox(6, verdict, summary, keyInfo, fingerprint);
    result.visibleProperty().bind(state.verification.isNotNull());
    result.managedProperty().bind(state.verification.isNotNull());
    state.verification.addListener((o, was, now) -> show(now));

    skip.setId("verify-skip");
    skip.setWrapText(true);
    skip.setOnAction(
        e ->
            state.skipConfirmation.set(
                skip.isSelected() ? "\"" + SKIP_WORDS + "\" confirmed at " + Instant.now() : null));
    state.skipConfirmation.addListener((o, was, now) -> skip.setSelected(now != null));

    return new VBox(
        10,
        found,
        bar,
        error,
        result,
        Ui.heading("Going on without verification"),
        Ui.text(
            "Only when you have checked the bundle another way. The install report records"
                + " that you did and when."),
        skip);
  }

  @Override
  void entered() {
    Path bundle = state.bundlePath.get();
    companions = bundle == null ? companions : Companions.find(bundle);
    signature.setText(
        companions.signature() != null
            ? companions.signature().toString()
            : companions.sigstoreBundle() != null
                ? companions.sigstoreBundle().toString()
                : "none found beside the bundle (BUNDLE.sig or BUNDLE.sigstore.json)");
    checksums.setText(
        companions.checksums() != null
            ? companions.checksums().toString()
            : "none found (BUNDLE.sha256 or a SHA256SUMS naming it)");
    if (state.keyPath.get() == null && bundle != null && bundle.getParent() != null) {
      for (String name : new String[] {"cosign.pub", "release.pub", "vendor.pub"}) {
        Path guess = bundle.toAbsolutePath().getParent().resolve(name);
        if (Files.isRegularFile(guess)) {
          key.setText(guess.toString());
          break;
        }
      }
    }
    // No key beside the bundle: the vendor keys built into this installation, said so.
    if (state.keyPath.get() == null) {
      TrustAnchors.installed()
          .ifPresent(
              dir -> {
                anchors.setText(TrustAnchors.notice(dir).replace("--key", "a key chosen here"));
                key.setText(dir.toString());
              });
    }

    show(state.verification.get());
  }

  private void verify() {
    error.clear();
    state.verification.set(null);
    Path bundle = state.bundlePath.get();
    VerificationRequest request =
        VerificationRequest.builder()
            .subject(bundle)
            .keys(state.keyPath.get())
            .signature(state.keyPath.get() == null ? null : companions.signature())
            .sigstoreBundle(
                state.keyPath.get() == null || companions.signature() != null
                    ? null
                    : companions.sigstoreBundle())
            .checksums(companions.checksums())
            .contents(true)
            .workDir(state.options.workDir())
            .build();
    progress.setProgress(0);
    long started = System.nanoTime();
    ProgressCoalescer coalescer =
        new ProgressCoalescer(
            b -> {
              if (b.step() != null && b.step().totalBytes() > 0) {
                double done = b.step().doneBytes();
                double total = b.step().totalBytes();
                double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
                double rate = done / seconds;
                progress.setProgress(done / total);
                progressText.setText(
                    String.format(
                        Locale.ROOT,
                        "%s of %s hashed, %s/s, %s left",
                        Sizes.human((long) done),
                        Sizes.human((long) total),
                        Sizes.human((long) rate),
                        rate > 0 ? Math.round((total - done) / rate) + " s" : "?"));
              }
            });
    coalescer.start();
    background.run(
        () -> new Verification(coalescer).run(request),
        report -> {
          coalescer.stop();
          progress.setProgress(1);
          state.verification.set(report);
          report.failure().ifPresent(error::show);
        },
        failure -> {
          coalescer.stop();
          progress.setProgress(0);
          error.show(failure);
        });
  }

  private void show(VerificationReport r) {
    if (r == null) {
      return;
    }
    boolean ok = r.passed();
    verdict.setText(
        ok ? "Verified" : r.insecureSkipVerify() ? "Not verified" : "Verification FAILED");
    verdict.getStyleClass().removeAll("good", "bad");
    verdict.getStyleClass().add(ok ? "good" : "bad");
    // A failure's message is in the error view above; the summary would repeat it.
    summary.setText(
        !ok && r.failure().isPresent()
            ? ""
            : r.summary()
                + (ok && r.signature() == null
                    ? " The signature was not checked: choose the vendor's public key to go on."
                    : ""));
    VerificationReport.KeyInfo k =
        r.signature() != null && r.signature().key() != null
            ? r.signature().key()
            : r.keys().isEmpty() ? null : r.keys().get(0);
    keyInfo.setText(k == null ? "" : "Key  " + k.path() + "  (" + k.algorithm() + ")");
    fingerprint.setText(k == null ? "" : "Fingerprint  " + k.fingerprint());
  }
}
