package io.airlock.app.wizard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.BadInputException;
import io.airlock.core.Phrase;
import io.airlock.core.Setting;
import io.airlock.core.push.PushTarget;
import io.airlock.installer.mode.ModeChoice;
import io.airlock.installer.pki.UserCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wizard words core's failures in plain phrases: never a command-line flag or command. */
class FailuresTest {

  @Test
  void aCoreFailureReadsWithoutAFlag() {
    BadInputException e =
        assertThrows(BadInputException.class, () -> PushTarget.parse("https://registry.local"));
    Failures f = Failures.of(e);
    assertEquals(
        "the target registry is HOST[:PORT][/PREFIX], not a URL: 'https://registry.local'.",
        f.message());
    assertEquals("Drop the scheme; for plain HTTP add the plain-HTTP setting.", f.hint());
  }

  @Test
  void anInstallerFailureReadsWithoutAFlag() throws Exception {
    BadInputException mode =
        assertThrows(
            BadInputException.class,
            () -> ModeChoice.resolve("nodeport", "registry.local:5000", null, null));
    Failures f = Failures.of(mode);
    assertEquals(
        "your registry's address uses your own registry (mode external) and cannot be combined"
            + " with the registry mode nodeport.",
        f.message());
    assertEquals(
        "Drop your registry's address to let Airlock run its registry in mode nodeport, or drop"
            + " the registry mode.",
        f.hint());
    Path missing = Files.createTempDirectory("failures").resolve("ca.pem");
    BadInputException cert =
        assertThrows(
            BadInputException.class,
            () ->
                UserCertificate.load(missing, missing, missing, "airlock-registry", Instant.now()));
    assertEquals(
        "The file " + missing + " (the TLS certificate) does not exist.",
        Failures.of(cert).message());
    for (BadInputException e : List.of(mode, cert)) {
      Failures w = Failures.of(e);
      assertFalse((w.message() + w.hint()).contains("--"), w.message() + " " + w.hint());
    }
  }

  @Test
  void noSettingIsWordedAsAFlagOrACommand() {
    for (Setting s : Setting.values()) {
      Failures f =
          Failures.of(
              new BadInputException(Phrase.of("About ", s, "."), Phrase.of("Change ", s, "."))
                  .coded("test.code"));
      for (String text : new String[] {f.message(), f.hint()}) {
        assertFalse(text.contains("--"), s + ": " + text);
        assertFalse(text.contains("airlock "), s + ": " + text);
      }
      assertTrue(f.detail().startsWith("code: test.code\n"), f.detail());
    }
  }
}
