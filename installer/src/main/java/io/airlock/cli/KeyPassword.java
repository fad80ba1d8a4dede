package io.airlock.cli;

import picocli.CommandLine.Option;

/** The option of every command that opens or writes an encrypted private key. */
final class KeyPassword {

  @Option(
      names = "--password-stdin",
      description = "Read the password from stdin (one trailing line end is dropped).")
  boolean fromStdin;

  /** Where the key's password comes from: stdin as asked, else COSIGN_PASSWORD, else a prompt. */
  Passwords source() {
    return new Passwords(fromStdin);
  }
}
