package io.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * An Error of the Java runtime ends in one line naming the input and what to do, with its own exit
 * code (5), never a stack trace and never 130 (interrupted).
 */
class JvmErrorsTest {

  @TempDir static Path dir;

  @Command(name = "failing")
  static final class Failing implements Callable<Integer> {
    @Parameters(index = "0")
    String bundle;

    @Parameters(index = "1")
    String kind;

    @Override
    public Integer call() {
      if (kind.equals("heap")) {
        throw new OutOfMemoryError("Java heap space");
      }
      if (kind.equals("wrapped")) {
        throw new IllegalStateException("a worker failed", new OutOfMemoryError("Java heap space"));
      }
      return recurse(0);
    }

    @SuppressWarnings("InfiniteRecursion") // the point: a real StackOverflowError
    private int recurse(int depth) {
      return recurse(depth + 1) + 1;
    }
  }

  static CliRun run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new Failing());
    cl.setExecutionExceptionHandler(Airlock.commandLine().getExecutionExceptionHandler());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new CliRun(Airlock.execute(cl, args), out.toString(), err.toString());
  }

  @Test
  void outOfMemoryNamesTheInputAndWhatToDo() {
    for (String kind : List.of("heap", "wrapped")) {
      CliRun run = run("/bundles/crafted.tar.gz", kind);
      assertEquals(ExitCodes.JAVA_FAILED, run.exitCode(), run.toString());
      assertEquals(
          "error: Airlock ran out of memory (Java heap space) while reading /bundles/crafted.tar.gz,"
              + " "
              + kind
              + "; if it comes from its vendor, run again with more memory"
              + " (AIRLOCK_JAVA_OPTS=-Xmx1g), otherwise get it again: it may be crafted.\n",
          run.err());
    }
  }

  @Test
  void stackOverflowIsOneLineToo() {
    CliRun run = run("/bundles/deep.tar", "stack");
    assertEquals(ExitCodes.JAVA_FAILED, run.exitCode(), run.toString());
    assertTrue(
        run.err().startsWith("error: Airlock ran out of stack while reading /bundles/deep.tar"),
        run.err());
    assertEquals(1, run.err().lines().count(), run.err());
  }

  @Test
  void aRealProcessOutOfMemoryExitsWithItsOwnCode() throws Exception {
    // A bundle directory of many files, indexed with a heap far too small for it.
    Path bundle = Files.createDirectories(dir.resolve("many/charts"));
    for (int i = 0; i < 20_000; i++) {
      Files.createFile(bundle.resolve("chart-with-a-long-name-" + i + ".txt"));
    }
    ProcessBuilder pb = AirlockProcess.builder("inspect", bundle.getParent().toString());
    List<String> command = pb.command();
    command.set(command.indexOf("-Xmx256m"), "-Xmx12m");
    Process p = pb.redirectErrorStream(true).start();
    assertTrue(p.waitFor(2, TimeUnit.MINUTES));
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(ExitCodes.JAVA_FAILED, p.exitValue(), output);
    assertTrue(output.startsWith("error: Airlock ran out of memory"), output);
    assertTrue(output.contains(bundle.getParent().toString()), output);
    assertEquals(1, output.lines().count(), output);
  }
}
