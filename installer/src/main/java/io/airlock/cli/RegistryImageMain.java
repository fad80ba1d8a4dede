package io.airlock.cli;

import io.airlock.core.BadInputException;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import picocli.CommandLine;

/**
 * The entry point of Airlock's registry image ({@code airlock-registry}): {@code airlock serve} and
 * nothing else, so the image needs only the classes serving loads (no Kubernetes client, no other
 * command). {@code prepare-storage DIR UID} is the image's init step for a volume on a node's disk:
 * it makes DIR the registry user's before the registry, which never runs as root, starts.
 */
public final class RegistryImageMain {

  private RegistryImageMain() {}

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("prepare-storage")) {
      System.exit(prepareStorage(args));
    }
    Interruption.install();
    CommandLine cl = new CommandLine(new ServeCommand());
    cl.setCommandName("airlock serve");
    cl.setExecutionExceptionHandler(Airlock::handle);
    cl.setParameterExceptionHandler(Airlock::handleUsage);
    int code = cl.execute(args);
    if (Interruption.finish()) {
      System.exit(code);
    }
  }

  private static int prepareStorage(String[] args) {
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    try {
      if (args.length != 3 || !args[2].matches("[0-9]+")) {
        throw new BadInputException("usage: prepare-storage DIR UID");
      }
      Path dir = Path.of(args[1]);
      Files.createDirectories(dir);
      UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
      // Numeric names: the image has no /etc/passwd, and the JDK takes a number for a name it
      // cannot find. Only the owners change (CAP_CHOWN), and only when they differ: a second
      // run finds the directory prepared.
      var owner = users.lookupPrincipalByName(args[2]);
      if (!Files.getOwner(dir).equals(owner)) {
        Files.getFileAttributeView(dir, java.nio.file.attribute.PosixFileAttributeView.class)
            .setGroup(users.lookupPrincipalByGroupName(args[2]));
        Files.setOwner(dir, owner);
      }
      err.println("storage " + dir + " belongs to " + args[2] + ":" + args[2]);
      return ExitCodes.OK;
    } catch (BadInputException e) {
      Messages.printError(err, e);
      return ExitCodes.BAD_INPUT;
    } catch (IOException e) {
      err.println("error: cannot prepare the storage " + args[1] + ": " + e);
      return ExitCodes.BAD_INPUT;
    }
  }
}
