package io.airlock.app.wizard;

import io.airlock.core.bundle.BundleOpener;
import io.airlock.core.registry.ListenAddress;
import io.airlock.installer.report.ReportWriter;
import java.nio.file.Path;

/**
 * Where the wizard keeps things; the defaults are the command line's, tests point them elsewhere.
 *
 * @param workDir unpacked bundles and push resume state (the CLI's {@code --work-dir})
 * @param reportDir where install reports and exported mirror configurations go
 * @param embeddedPort the port of the embedded registry (0: any free port)
 * @param dark start in the dark theme
 */
public record WizardOptions(Path workDir, Path reportDir, int embeddedPort, boolean dark) {

  public static WizardOptions defaults() {
    String theme = System.getProperty("airlock.theme", System.getenv("GTK_THEME"));
    boolean dark = theme != null && theme.toLowerCase(java.util.Locale.ROOT).contains("dark");
    return new WizardOptions(
        BundleOpener.defaultWorkDir(), ReportWriter.defaultDir(), ListenAddress.DEFAULT_PORT, dark);
  }
}
