package io.airlock.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs the airlock command line in-process and keeps what it printed, for tests. */
public record CliRun(int exitCode, String out, String err) {

  public static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Airlock.commandLine(args);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = Airlock.execute(cl, args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /**
   * Makes a sample bundle at {@code out} with {@code airlock sample-bundle -q} and {@code options};
   * fails the test, with what the command printed, when it does not succeed.
   */
  public static Path sampleBundle(Path out, String... options) {
    List<String> args = new ArrayList<>(List.of("sample-bundle", out.toString(), "-q"));
    args.addAll(List.of(options));
    CliRun made = of(args.toArray(String[]::new));
    if (made.exitCode() != 0) {
      throw new AssertionError("sample-bundle " + out + " failed: " + made);
    }
    return out;
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
