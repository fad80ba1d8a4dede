package io.airlock.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.push.PushTarget;
import io.airlock.core.testing.FlagScan;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Core never names a command-line flag or an Airlock command: a failure refers to a {@link Setting}
 * and each front end chooses the words.
 */
class CoreWordsTest {

  /**
   * Provenance written into the sample bundle's own data, and the arguments its chart's template
   * gives the sample program: data, not words for the user.
   */
  private static final Pattern DATA =
      Pattern.compile(
          "^\"airlock sample-bundle\"$|Sample chart made by airlock sample-bundle"
              + "|\\{\\{ \\.Values\\.");

  @Test
  void noStringInCoreNamesAFlagOrACommand() throws IOException {
    List<String> found = FlagScan.literals(Path.of("src/main/java"), DATA);
    assertEquals(List.of(), found, "use a Setting in a Phrase instead");
  }

  @Test
  void aFailureRendersItsSettingsInTheWordsAFrontEndGives() {
    BadInputException e = assertThrowsBadInput(() -> PushTarget.parse("https://registry.local"));
    assertEquals(List.of(Setting.REGISTRY, Setting.PLAIN_HTTP), e.settings());
    assertEquals(
        "the target registry is HOST[:PORT][/PREFIX], not a URL: 'https://registry.local'.",
        e.getMessage());
    assertEquals(
        "[registry] is HOST[:PORT][/PREFIX], not a URL: 'https://registry.local'.",
        e.message(s -> "[" + s.name().toLowerCase() + "]"));
    assertEquals(
        "Drop the scheme; for plain HTTP add [plain_http].",
        e.hint(s -> "[" + s.name().toLowerCase() + "]").orElseThrow());
    assertTrue(e.hint().orElseThrow().endsWith("add the plain-HTTP setting."), e.hint().get());
  }

  /** A phrase built from phrases (joined problems) keeps their settings for the front end. */
  @Test
  void aPhraseMadeOfPhrasesKeepsTheirSettings() {
    Phrase joined =
        Phrase.join(
            "; ",
            List.of(Phrase.of("re-run with ", Setting.MODE), Phrase.of("or give ", Setting.KEY)));
    Phrase whole = Phrase.of("Not ready: ").then(joined, ".");
    assertEquals(List.of(Setting.MODE, Setting.KEY), whole.settings());
    assertEquals(
        "Not ready: re-run with [mode]; or give [key].",
        whole.render(s -> "[" + s.name().toLowerCase() + "]"));
  }

  @Test
  void aCodeIsGivenOnce() {
    BadInputException e = new BadInputException("x").coded("a.b");
    assertEquals("a.b", e.code().orElseThrow());
    org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> e.coded("c"));
    assertTrue(new BadInputException("y").code().isEmpty());
  }

  private interface Failing {
    void run() throws BadInputException;
  }

  private static BadInputException assertThrowsBadInput(Failing f) {
    return org.junit.jupiter.api.Assertions.assertThrows(BadInputException.class, f::run);
  }
}
