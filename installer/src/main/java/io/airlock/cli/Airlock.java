package io.airlock.cli;

import io.airlock.core.AirlockException;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.nio.channels.ClosedByInterruptException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code airlock} command line. */
@Command(
    name = "airlock",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Carries Kubernetes software into disconnected sites.",
    subcommands = {
      InspectCommand.class,
      SampleBundleCommand.class,
      VerifyCommand.class,
      PushCommand.class,
      ServeCommand.class,
      RegistryCommand.class,
      ClusterCommand.class,
      InstallCommand.class,
      UninstallCommand.class,
      MirrorsCommand.class,
      DemoCommand.class,
      KeygenCommand.class,
      SignCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 success, 1 a check failed, 2 usage error or unreadable input,",
      "3 a remote side failed, 4 internal error, 5 the Java runtime failed (out of memory,",
      "stack overflow), 130 interrupted."
    })
public final class Airlock implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    Interruption.install();
    int code = run(args);
    if (Interruption.finish()) {
      System.exit(code);
    }
  }

  /** Runs a command line and returns its exit code; used by main and by tests. */
  public static int run(String... args) {
    return execute(commandLine(), args);
  }

  /** Executes a command line; an Error of the Java runtime ends in one line, not a trace. */
  static int execute(CommandLine cl, String... args) {
    try {
      return cl.execute(args);
    } catch (Error e) {
      return JvmErrors.report(e, cl, args);
    }
  }

  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Airlock());
    cl.setExecutionExceptionHandler(Airlock::handle);
    cl.setParameterExceptionHandler(Airlock::handleUsage);
    return cl;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static int handleUsage(CommandLine.ParameterException e, String[] args) {
    PrintWriter err = e.getCommandLine().getErr();
    err.println("error: " + e.getMessage());
    err.println(
        "Run '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
    err.flush();
    return ExitCodes.BAD_INPUT;
  }

  static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    if (Interruption.requested()
        || e instanceof InterruptedException
        || e instanceof InterruptedIOException
        || e instanceof ClosedByInterruptException) {
      err.println("Interrupted; nothing half-written was left behind.");
      err.flush();
      return ExitCodes.INTERRUPTED;
    }
    if (e instanceof AirlockException a) {
      Messages.printError(err, a);
      return ExitCodes.of(a);
    }
    Error error = JvmErrors.find(e);
    if (error != null) {
      return JvmErrors.report(error, cl, parsed.originalArgs().toArray(new String[0]));
    }
    err.println("internal error: " + e);
    if (Messages.debug()) {
      e.printStackTrace(err);
    } else {
      err.println(
          "This is a bug in Airlock. Run again with AIRLOCK_DEBUG=1 for details and report it.");
    }
    err.flush();
    return ExitCodes.INTERNAL_ERROR;
  }
}
