package io.airlock.app.wizard;

import io.airlock.core.AirlockException;
import io.airlock.core.distribution.Credentials;
import io.airlock.installer.mirrors.MirrorTarget;
import io.airlock.installer.plan.RegistrySettings;
import io.airlock.installer.target.RegistryTarget;
import java.nio.file.Path;
import java.util.List;

/**
 * The registry the wizard pushes into, from the Registry step's fields, checked by the installer's
 * {@link RegistryTarget} with the wizard's words for each field.
 */
record Destination(boolean embedded, boolean inCluster, RegistryTarget target) {

  /** The Registry step's fields, as its messages name them. */
  static final RegistryTarget.Words WORDS =
      new RegistryTarget.Words(
          "The registry address",
          "Plain HTTP",
          "a CA file",
          "skipping TLS verification",
          "A user name");

  /** What the Registry step chose; the embedded registry at {@code embeddedHost}. */
  static Destination of(WizardState s, String embeddedHost) throws AirlockException {
    if (s.registry.get() == RegistryChoice.EMBEDDED) {
      return new Destination(
          true, false, new RegistryTarget(embeddedHost, "", true, null, false, null, false));
    }
    if (s.registry.get() != null && s.registry.get().inCluster()) {
      // What the nodes reach: the registry's NodePort on their own loopback.
      return new Destination(
          false,
          true,
          new RegistryTarget(
              "127.0.0.1:" + RegistrySettings.DEFAULT_NODE_PORT,
              "",
              true,
              null,
              false,
              null,
              false));
    }
    String user = s.username.get().isBlank() ? null : s.username.get().strip();
    return new Destination(
        false,
        false,
        RegistryTarget.of(
            s.externalUrl.get(),
            s.plainHttp.get(),
            s.externalCa.get(),
            false,
            user == null ? null : new Credentials(user, s.password.get()),
            false,
            WORDS));
  }

  /** Where the embedded registry will listen (the port is known once it runs, if it was 0). */
  static String embeddedHost(WizardState s) {
    return s.embedded.get() != null
        ? s.embedded.get().host()
        : "127.0.0.1:" + (s.options.embeddedPort() == 0 ? "PORT" : s.options.embeddedPort());
  }

  String host() {
    return target.host();
  }

  String prefix() {
    return target.prefix();
  }

  boolean plainHttp() {
    return target.plainHttp();
  }

  /** {@code HOST:PORT/PREFIX}, as {@code --registry} takes it. */
  String registry() {
    return target.registry();
  }

  /** What the nodes' mirrors point at (reads the CA file: not on FX). */
  MirrorTarget mirrorTarget() throws AirlockException {
    return target.mirrorTarget(List.of());
  }

  /**
   * The command lines that do the same.
   *
   * @param chartFlags the install's chart options ("" for none)
   */
  String commandLine(
      Path bundle, Path key, String storageNodePath, boolean configureNodes, String chartFlags) {
    if (inCluster) {
      return "airlock install "
          + bundle
          + (key != null ? " --key " + key : " --insecure-skip-verify")
          + " --mode nodeport"
          + (storageNodePath == null || storageNodePath.isBlank()
              ? ""
              : " --storage-node-path " + storageNodePath.strip())
          + (configureNodes ? " --configure-nodes" : "")
          + chartFlags
          + "\nairlock uninstall    # removes what the install made\n";
    }
    StringBuilder cli = new StringBuilder();
    cli.append("airlock verify ").append(bundle).append(" --contents");
    if (key != null) {
      cli.append(" --key ").append(key);
    }
    cli.append('\n');
    if (embedded) {
      cli.append("airlock serve --storage DIR --listen ").append(host()).append(" &\n");
    }
    cli.append("airlock push ").append(bundle).append(" --registry ").append(registry());
    if (plainHttp()) {
      cli.append(" --plain-http");
    }
    if (target.caFile() != null) {
      cli.append(" --ca-file ").append(target.caFile());
    }
    if (target.credentials() != null) {
      cli.append(" --username ")
          .append(target.credentials().username())
          .append(" --password-stdin");
    }
    cli.append('\n');
    cli.append("airlock mirrors --registry ")
        .append(registry())
        .append(plainHttp() ? " --plain-http" : "")
        .append(target.caFile() != null ? " --ca-file " + target.caFile() : "")
        .append(" --format containerd -o airlock-mirrors-containerd\n");
    return cli.toString();
  }
}
