package io.airlock.core.signing;

import io.airlock.core.BadInputException;

/** Where a private key's password comes from: the environment, stdin, a prompt, the wizard. */
@FunctionalInterface
public interface PasswordSource {

  /**
   * @param confirm true when a new password is being set, so a prompt should ask twice
   * @return the password's bytes (UTF-8), possibly empty
   * @throws BadInputException when no password can be had
   */
  byte[] password(boolean confirm) throws BadInputException;
}
