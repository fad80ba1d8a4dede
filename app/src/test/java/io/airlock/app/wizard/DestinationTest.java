package io.airlock.app.wizard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.BadInputException;
import io.airlock.core.distribution.Credentials;
import io.airlock.installer.target.RegistryTarget;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DestinationTest {

  @Test
  void thePasswordNeverAppearsInItsText() {
    Destination d =
        new Destination(
            false,
            false,
            new RegistryTarget(
                "registry.site:5000",
                "site",
                false,
                null,
                false,
                new Credentials("pusher", "s3cret-pw"),
                false));
    assertFalse(d.toString().contains("s3cret-pw"), d.toString());
    assertTrue(d.toString().contains("registry.site:5000"), d.toString());
  }

  /** The wizard's fields are checked by the same rules as the command line, in its own words. */
  @Test
  void aCaFileWithPlainHttpIsRefusedInTheWizardsWords() {
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () ->
                RegistryTarget.of(
                    "registry.site:5000",
                    true,
                    Path.of("ca.pem"),
                    false,
                    null,
                    false,
                    Destination.WORDS));
    assertEquals(
        "Plain HTTP cannot be combined with a CA file: a CA or a TLS setting means nothing"
            + " without TLS.",
        e.getMessage());
  }

  /** The consent on the Nodes page reads as the flag that gives it on the command line. */
  @Test
  void theConsentToConfigureNodesIsInTheEquivalentCommand() {
    Destination d =
        new Destination(
            false, true, new RegistryTarget("127.0.0.1:31999", "", true, null, false, null, false));
    assertTrue(
        d.commandLine(Path.of("b.tar"), null, "", true, "")
            .startsWith(
                "airlock install b.tar --insecure-skip-verify --mode nodeport --configure-nodes\n"),
        d.commandLine(Path.of("b.tar"), null, "", true, ""));
    assertFalse(d.commandLine(Path.of("b.tar"), null, "", false, "").contains("--configure-nodes"));
  }
}
