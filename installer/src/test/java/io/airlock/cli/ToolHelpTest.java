package io.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
    String picocli = UsageText.rendered();
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

  /**
   * ./airlock starts --version and --help with ToolHelp as the main class: in a JVM whose class
   * path holds Airlock's classes alone (no picocli, no core), it answers as picocli would, exit
   * code 0.
   */
  @Test
  void theQuickMainClassNeedsNothingButJavaBase() throws Exception {
    Path classes =
        Path.of(ToolHelp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    StringWriter picocli = new StringWriter();
    Airlock.commandLine().printVersionHelp(new PrintWriter(picocli, true));
    Map<List<String>, String> expected =
        Map.of(
            List.of("--version"), picocli.toString(),
            List.of("-V"), picocli.toString(),
            List.of("--help"), UsageText.rendered(),
            List.of("-h"), UsageText.rendered(),
            List.of(), UsageText.rendered());
    for (Map.Entry<List<String>, String> e : expected.entrySet()) {
      List<String> command =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  classes.toString(),
                  ToolHelp.class.getName()));
      command.addAll(e.getKey());
      Process p = new ProcessBuilder(command).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), e.getKey().toString());
      assertEquals(0, p.exitValue(), e.getKey() + ": " + err);
      assertEquals(e.getValue(), out, e.getKey().toString());
      assertEquals("", err, e.getKey().toString());
    }
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
    assertEquals(UsageText.rendered(), help.out());
    String names =
        Airlock.commandLine("--help").getSubcommands().keySet().stream()
            .collect(Collectors.joining(" "));
    assertEquals(
        "inspect sample-bundle verify push serve registry cluster install uninstall mirrors"
            + " export-node-artifacts demo keygen sign",
        names);
  }
}
