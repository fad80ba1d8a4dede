package io.airlock.cli;

import io.airlock.core.AirlockException;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.nio.channels.ClosedByInterruptException;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code airlock} command line. */
@Command(
    name = "airlock",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Carries Kubernetes software into disconnected sites.",
    footer = {
      "",
      "Exit codes: 0 success, 1 a check failed, 2 usage error or unreadable input,",
      "3 a remote side failed, 4 internal error, 5 the Java runtime failed (out of",
      "memory, stack overflow), 130 interrupted."
    })
public final class Airlock implements Runnable {

  /**
   * The subcommands, in the order of the usage help. Not in the annotation: picocli would build the
   * whole tree (every option of every command, by reflection) before running any of them, which was
   * most of a command's start (see {@link #commandLine(String...)}).
   */
  static List<Class<?>> commands() {
    return List.of(
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
        ExportNodeArtifactsCommand.class,
        DemoCommand.class,
        KeygenCommand.class,
        SignCommand.class);
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    if (ToolHelp.answered(args, System.out)) {
      return;
    }
    StartTiming.mark("main-ms");
    skipClassPathSearches();
    Interruption.install();
    int code = run(args);
    if (Interruption.finish()) {
      System.exit(code);
    }
  }

  /**
   * Two lookups that would otherwise open every jar of the class path (76, about 75 ms of CPU in a
   * new JVM) for something none of them has: picocli's for Groovy's closure class, and the JDK's
   * for a {@code SelectorProvider} when the first HTTP client starts (naming the JDK's own skips
   * the search). The third, the JDK's for a logger, ends early on its own ({@code
   * JulLoggerFinder}).
   */
  static void skipClassPathSearches() {
    System.setProperty("picocli.disable.closures", "true");
    String selector = "java.nio.channels.spi.SelectorProvider";
    String epoll = "sun.nio.ch.EPollSelectorProvider";
    if (System.getProperty(selector) == null && jdkHas(epoll)) {
      System.setProperty(selector, epoll);
    }
  }

  private static boolean jdkHas(String className) {
    try {
      Class.forName(className, false, null);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** Runs a command line and returns its exit code; used by main and by tests. */
  public static int run(String... args) {
    return execute(commandLine(args), args);
  }

  /** Executes a command line; an Error of the Java runtime ends in one line, not a trace. */
  static int execute(CommandLine cl, String... args) {
    try {
      return cl.execute(args);
    } catch (Error e) {
      return JvmErrors.report(e, cl, args);
    }
  }

  /** The whole command tree, every subcommand built. */
  static CommandLine commandLine() {
    CommandLine cl = root();
    commands().forEach(cl::addSubcommand);
    return cl;
  }

  /**
   * The command tree that runs {@code args}: only the subcommand they name is built. Otherwise (the
   * tool's own --help or --version, no command, an unknown one) each subcommand is a stub with its
   * name and summary from its annotation, which is all the usage help and picocli's suggestions
   * need.
   */
  static CommandLine commandLine(String... args) {
    CommandLine cl = root();
    String name = Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse("");
    for (Class<?> command : commands()) {
      if (command.getAnnotation(Command.class).name().equals(name)) {
        cl.addSubcommand(command);
        return cl;
      }
    }
    for (Class<?> command : commands()) {
      Command annotation = command.getAnnotation(Command.class);
      CommandLine.Model.CommandSpec stub = CommandLine.Model.CommandSpec.create();
      stub.usageMessage().description(annotation.description());
      cl.addSubcommand(annotation.name(), stub);
    }
    return cl;
  }

  private static CommandLine root() {
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
