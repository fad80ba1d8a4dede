package io.airlock.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.push.PushTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Core never names a command-line flag or an Airlock command: a failure refers to a {@link Setting}
 * and each front end chooses the words.
 */
class CoreWordsTest {

  private static final Pattern LITERAL = Pattern.compile("\"(?:[^\"\\\\\\n]|\\\\.)*\"");
  private static final Pattern FLAG = Pattern.compile("(?<![\\w-])--[a-z][a-z-]*");
  private static final Pattern COMMAND = Pattern.compile("\\bairlock [a-z]");

  /** Other tools' flags may be named: the user runs those tools, not Airlock. */
  private static final Pattern OTHER_TOOL = Pattern.compile("\\b(tar|cosign|skopeo|openssl)\\b");

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
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String[] lines = Files.readString(file, StandardCharsets.UTF_8).split("\n");
        for (int i = 0; i < lines.length; i++) {
          if (lines[i].strip().startsWith("//") || lines[i].strip().startsWith("*")) {
            continue;
          }
          Matcher m = LITERAL.matcher(lines[i]);
          while (m.find()) {
            String literal = m.group();
            boolean flag = FLAG.matcher(literal).find() && !OTHER_TOOL.matcher(literal).find();
            if ((flag || COMMAND.matcher(literal).find()) && !DATA.matcher(literal).find()) {
              found.add(file + ":" + (i + 1) + ": " + literal);
            }
          }
        }
      }
    }
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
