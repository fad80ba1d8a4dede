package io.airlock.cli;

import io.airlock.core.BadInputException;
import io.airlock.core.signing.PasswordSource;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Where the command line gets a private key's password, as cosign does: {@code --password-stdin}
 * (one trailing line end dropped), else the {@code COSIGN_PASSWORD} variable (even empty), else a
 * prompt on the terminal. Never logged.
 */
final class Passwords implements PasswordSource {

  static final String VARIABLE = "COSIGN_PASSWORD";

  private final boolean fromStdin;
  private final Map<String, String> env;
  private final InputStream stdin;
  private final Console console;

  Passwords(boolean fromStdin) {
    this(fromStdin, System.getenv(), System.in, System.console());
  }

  Passwords(boolean fromStdin, Map<String, String> env, InputStream stdin, Console console) {
    this.fromStdin = fromStdin;
    this.env = env;
    this.stdin = stdin;
    this.console = console;
  }

  @Override
  public byte[] password(boolean confirm) throws BadInputException {
    if (fromStdin) {
      return readStdin();
    }
    String fromEnv = env.get(VARIABLE);
    if (fromEnv != null) {
      return fromEnv.getBytes(StandardCharsets.UTF_8);
    }
    if (console != null) {
      char[] first = console.readPassword("Enter password for private key: ");
      if (first == null) {
        throw noPassword();
      }
      if (confirm) {
        char[] again = console.readPassword("Enter password for private key again: ");
        if (again == null || !Arrays.equals(first, again)) {
          throw new BadInputException(
              "The two passwords differ; no key was written.", "Run the command again.");
        }
      }
      return utf8(first);
    }
    throw noPassword();
  }

  private byte[] readStdin() throws BadInputException {
    try {
      byte[] all = stdin.readAllBytes();
      int end = all.length;
      if (end > 0 && all[end - 1] == '\n') {
        end--;
        if (end > 0 && all[end - 1] == '\r') {
          end--;
        }
      }
      return Arrays.copyOf(all, end);
    } catch (IOException e) {
      throw new BadInputException("Cannot read the password from stdin: " + e.getMessage());
    }
  }

  private static byte[] utf8(char[] chars) {
    var buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
    byte[] out = new byte[buffer.remaining()];
    buffer.get(out);
    Arrays.fill(chars, '\0');
    return out;
  }

  private static BadInputException noPassword() {
    return new BadInputException(
        "No password for the private key.",
        "Set " + VARIABLE + " (it may be empty), or pipe it in with --password-stdin.");
  }
}
