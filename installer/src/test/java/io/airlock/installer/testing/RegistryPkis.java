package io.airlock.installer.testing;

import io.airlock.installer.pki.PkiManager;
import io.airlock.installer.pki.PkiOptions;
import io.airlock.installer.pki.RegistryPki;
import io.airlock.installer.pki.SubjectNames;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Certificates for tests that serve or pull as an installed registry does. */
public final class RegistryPkis {

  private RegistryPkis() {}

  /**
   * A new CA, server and client certificate for Service {@code airlock-registry} in {@code
   * airlock-system}, issued with the defaults of an install.
   */
  public static RegistryPki fresh() {
    return new PkiManager(Clock.systemUTC())
        .ensure(
            Optional.empty(),
            PkiOptions.defaults(
                SubjectNames.forService("airlock-registry", "airlock-system", List.of())))
        .pki();
  }
}
