package io.airlock.installer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.airlock.core.testing.FlagScan;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The install pipeline, walked by {@code airlock install} and by the wizard's Install page, the
 * mode advice and the plan's problems and notes, and the installer classes whose failures the
 * wizard shows, name no command-line flag or command: they refer to a {@code Setting} and each
 * front end chooses the words (like core, {@code CoreWordsTest}).
 */
class InstallerWordsTest {

  private static final Path MAIN = Path.of("src/main/java/io/airlock/installer");

  /**
   * The report's next step for the embedded registry names the one command that keeps it serving
   * (the wizard's Done page says the same); kubectl's flag in the fix of a kubeconfig (the literal
   * before names kubectl); the probe a private key signs to match its certificate (data).
   */
  private static final Pattern ALLOWED =
      Pattern.compile(
          "'airlock serve --storage \"$|^\" --server=https://\"$|^\"airlock key match\"$");

  @Test
  void noStringOfThePipelineOrOfWhatTheWizardCallsNamesAFlag() throws IOException {
    List<String> found = new ArrayList<>();
    for (Path p :
        List.of(
            MAIN.resolve("pipeline"),
            MAIN.resolve("mode/ModeChoice.java"),
            MAIN.resolve("pki/UserCertificate.java"),
            MAIN.resolve("cluster/KubeConnection.java"),
            MAIN.resolve("cluster/AccessReview.java"),
            MAIN.resolve("mode/ModeAdvisor.java"),
            MAIN.resolve("plan/InstallPlanner.java"),
            MAIN.resolve("plan/NamespacePlan.java"),
            MAIN.resolve("plan/InjectorPlan.java"),
            MAIN.resolve("plan/StoragePlan.java"),
            MAIN.resolve("cluster/Kubeconfig.java"),
            MAIN.resolve("mirrors/RegistryUrl.java"))) {
      found.addAll(FlagScan.literals(p, ALLOWED));
    }
    assertEquals(List.of(), found, "use a Setting in a Phrase instead");
  }
}
