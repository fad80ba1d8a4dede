package io.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The start of a command: the tool's --version and --help answered without picocli, word for word
 * what picocli prints, and a subcommand run with only its own part of the command tree built.
 */
class ToolHelpTest {

  private static String answer(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    assertTrue(ToolHelp.answered(args, out), List.of(args).toString());
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theUsageTheBuildRenderedIsPicoclisOwn() {
    String picocli = ToolHelp.renderedUsage();
    assertTrue(picocli.startsWith("Usage: airlock [-hV] [COMMAND]"), picocli);
    assertEquals(picocli, answer("--help"), "target/classes holds a stale usage.txt");
    assertEquals(picocli, answer("-h"));
    assertEquals(picocli, answer(), "no arguments: the usage, as picocli would print it");
    for (Class<?> command : Airlock.commands()) {
      String name = command.getAnnotation(CommandLine.Command.class).name();
      assertTrue(picocli.contains("\n  " + name + " "), name + " missing from\n" + picocli);
    }
  }

  @Test
  void theVersionIsPicoclisVersionHelp() {
    StringWriter picocli = new StringWriter();
    Airlock.commandLine().printVersionHelp(new PrintWriter(picocli, true));
    String quick = answer("--version");
    assertEquals(picocli.toString().replace("\r\n", "\n"), quick.replace("\r\n", "\n"));
    assertEquals(quick, answer("-V"));
    assertTrue(quick.startsWith("airlock 0."), quick);
  }

  @Test
  void everythingElseGoesToPicocli() {
    PrintStream nowhere = new PrintStream(new ByteArrayOutputStream());
    for (String[] args :
        List.of(
            new String[] {"push", "--help"},
            new String[] {"--help", "push"},
            new String[] {"inspect"},
            new String[] {"--no-such-option"},
            new String[] {"-hV"})) {
      assertFalse(ToolHelp.answered(args, nowhere), List.of(args).toString());
    }
  }

  @Test
  void aSubcommandRunsWithOnlyItsOwnTreeBuilt() {
    CommandLine push = Airlock.commandLine("push", "--registry", "r", "b");
    assertEquals(List.of("push"), List.copyOf(push.getSubcommands().keySet()));
    assertTrue(push.getSubcommands().get("push").getCommandSpec().findOption("--registry") != null);
    CommandLine gc = Airlock.commandLine("registry", "gc", "--help");
    assertEquals(List.of("registry"), List.copyOf(gc.getSubcommands().keySet()));
    assertEquals(
        List.of("gc"), List.copyOf(gc.getSubcommands().get("registry").getSubcommands().keySet()));
  }

  @Test
  void anUnknownCommandIsRefusedAsBeforeAndTheUsageListsEveryCommand() {
    CliRun unknown = CliRun.of("psuh");
    assertEquals(ExitCodes.BAD_INPUT, unknown.exitCode());
    assertTrue(
        unknown.err().startsWith("error: Unmatched argument at index 0: 'psuh'"), unknown.err());
    CliRun help = CliRun.of("--help");
    assertEquals(0, help.exitCode());
    assertEquals(ToolHelp.renderedUsage(), help.out());
    String names =
        Airlock.commandLine("--help").getSubcommands().keySet().stream()
            .collect(Collectors.joining(" "));
    assertEquals(
        "inspect sample-bundle verify push serve registry cluster install uninstall mirrors"
            + " export-node-artifacts demo keygen sign",
        names);
  }
}
