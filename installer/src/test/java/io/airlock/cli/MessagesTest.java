package io.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.AirlockException;
import io.airlock.core.BadInputException;
import io.airlock.core.Phrase;
import io.airlock.core.Setting;
import io.airlock.core.push.PushTarget;
import io.airlock.installer.mode.ModeChoice;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The command line words core's failures with its own flags and commands, hint included. */
class MessagesTest {

  @Test
  void aCoreFailureReadsWithTheFlagThatFixesIt() {
    BadInputException e =
        assertThrows(BadInputException.class, () -> PushTarget.parse("https://registry.local"));
    assertEquals(
        "error: --registry is HOST[:PORT][/PREFIX], not a URL: 'https://registry.local'.\n"
            + "  what to do: Drop the scheme; for plain HTTP add --plain-http.\n",
        printed(e));
  }

  @Test
  void anInstallerFailureReadsWithTheFlagsThatFixIt() {
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () -> ModeChoice.resolve("nodeport", "registry.local:5000", null, null));
    assertEquals(
        "error: --registry-url uses your own registry (mode external) and cannot be combined"
            + " with --mode nodeport.\n"
            + "  what to do: Drop --registry-url to let Airlock run its registry in mode nodeport,"
            + " or drop --mode.\n",
        printed(e));
    BadInputException bad =
        assertThrows(BadInputException.class, () -> ModeChoice.resolve("bogus", null, null, null));
    assertTrue(printed(bad).startsWith("error: Invalid value of --mode: "), printed(bad));
    assertTrue(
        printed(bad).contains("what to do: Run 'airlock cluster probe' to see which mode fits"),
        printed(bad));
  }

  @Test
  void everySettingHasAFlagOrACommand() {
    for (Setting s : Setting.values()) {
      String words = CliWords.of(s);
      assertTrue(words.contains("--") || words.contains("'airlock "), s + ": " + words);
    }
  }

  @Test
  void aCommandIsNamedAsTheUserTypesIt() {
    AirlockException e =
        new BadInputException(
            Phrase.of("The key is damaged."),
            Phrase.of("Make a new key pair with ", Setting.KEYGEN, "."));
    assertEquals(
        "error: The key is damaged.\n  what to do: Make a new key pair with 'airlock keygen'.\n",
        printed(e));
  }

  private static String printed(AirlockException e) {
    StringWriter out = new StringWriter();
    Messages.printError(new PrintWriter(out), e);
    return out.toString().replace(System.lineSeparator(), "\n");
  }
}
