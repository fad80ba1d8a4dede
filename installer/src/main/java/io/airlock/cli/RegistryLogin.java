package io.airlock.cli;

import io.airlock.core.BadInputException;
import io.airlock.core.distribution.Credentials;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Option;

/** A registry login for commands that push: a user name, the password only from stdin. */
final class RegistryLogin {

  @Option(names = "--username", paramLabel = "U", description = "User name for the registry.")
  String username;

  @Option(
      names = "--password-stdin",
      description =
          "Read the password from standard input. Without --username, credentials come from"
              + " REGISTRY_AUTH_FILE or ~/.docker/config.json (and its credential helpers).")
  boolean passwordStdin;

  /** --username with --password-stdin, or null (the credential store is asked later). */
  Credentials credentials(String command) throws BadInputException {
    if (username == null) {
      if (passwordStdin) {
        throw new BadInputException("--password-stdin needs --username.");
      }
      return null;
    }
    if (!passwordStdin) {
      throw new BadInputException(
          "--username needs --password-stdin: Airlock reads passwords only from standard input,"
              + " never from the command line.",
          "echo \"$PASSWORD\" | airlock "
              + command
              + " ... --username "
              + username
              + " --password-stdin");
    }
    try {
      String line =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (line == null || line.isEmpty()) {
        throw new BadInputException("--password-stdin: standard input holds no password.");
      }
      return new Credentials(username, line.strip());
    } catch (IOException e) {
      throw new BadInputException(
          "Cannot read the password from standard input: " + e.getMessage());
    }
  }
}
