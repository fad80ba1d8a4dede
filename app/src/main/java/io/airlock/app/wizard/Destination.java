package io.airlock.app.wizard;

import io.airlock.core.AirlockException;
import io.airlock.core.BadInputException;
import io.airlock.core.distribution.CredentialStore;
import io.airlock.core.distribution.Credentials;
import io.airlock.core.distribution.TlsSettings;
import io.airlock.core.push.PushOptions;
import io.airlock.core.push.PushTarget;
import io.airlock.installer.mirrors.MirrorTarget;
import io.airlock.installer.mirrors.RegistryUrl;
import java.nio.file.Path;

/**
 * The registry the wizard pushes into, from the Registry step's fields: what {@code airlock push}
 * and {@code airlock mirrors} get from their options.
 *
 * @param host {@code HOST:PORT}
 * @param caFile the registry's CA, or null
 * @param username null for anonymous access or the credential store
 */
record Destination(
    boolean embedded,
    String host,
    String prefix,
    boolean plainHttp,
    Path caFile,
    String username,
    String password) {

  /** What the Registry step chose; the embedded registry at {@code embeddedHost}. */
  static Destination of(WizardState s, String embeddedHost) throws AirlockException {
    if (s.registry.get() == RegistryChoice.EMBEDDED) {
      return new Destination(true, embeddedHost, "", true, null, null, null);
    }
    RegistryUrl url =
        RegistryUrl.parse(s.externalUrl.get(), s.plainHttp.get(), "The registry address");
    if (url.plainHttp() && s.externalCa.get() != null) {
      throw new BadInputException(
          "A CA file makes no sense with plain HTTP.", "Clear the CA file or untick plain HTTP.");
    }
    String user = s.username.get().isBlank() ? null : s.username.get().strip();
    return new Destination(
        false,
        url.host(),
        url.prefix(),
        url.plainHttp(),
        s.externalCa.get(),
        user,
        s.password.get());
  }

  /** Never the password: a record would print every field. */
  @Override
  public String toString() {
    return "Destination["
        + host
        + "/"
        + prefix
        + (password == null ? "" : ", password hidden")
        + "]";
  }

  /** Where the embedded registry will listen (the port is known once it runs, if it was 0). */
  static String embeddedHost(WizardState s) {
    return s.embedded.get() != null
        ? s.embedded.get().host()
        : "127.0.0.1:" + (s.options.embeddedPort() == 0 ? "PORT" : s.options.embeddedPort());
  }

  /** {@code HOST:PORT/PREFIX}, as {@code --registry} takes it. */
  String registry() {
    return prefix.isEmpty() ? host : host + "/" + prefix;
  }

  /** Push options as the command line makes them (reads the credential store: not on FX). */
  PushOptions pushOptions(Path workDir) throws AirlockException {
    Credentials credentials =
        username != null
            ? new Credentials(username, password)
            : CredentialStore.system().lookup(host).orElse(null);
    return PushOptions.defaults(
            PushTarget.parse(registry()), plainHttp, workDir.resolve("push-state"))
        .withTls(new TlsSettings(caFile, false))
        .withCredentials(credentials);
  }

  /** What the nodes' mirrors point at (reads the CA file: not on FX). */
  MirrorTarget mirrorTarget() throws AirlockException {
    String ca = caFile == null ? null : RegistryUrl.readCa(caFile, "The CA file");
    try {
      return new MirrorTarget(
          host, plainHttp, ca, false, prefix, false, MirrorTarget.DEFAULT_UPSTREAMS);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("Invalid registry address: " + e.getMessage() + ".", null);
    }
  }

  /** The command lines that do the same. */
  String commandLine(Path bundle, Path key) {
    StringBuilder cli = new StringBuilder();
    cli.append("airlock verify ").append(bundle).append(" --contents");
    if (key != null) {
      cli.append(" --key ").append(key);
    }
    cli.append('\n');
    if (embedded) {
      cli.append("airlock serve --storage DIR --listen ").append(host).append(" &\n");
    }
    cli.append("airlock push ").append(bundle).append(" --registry ").append(registry());
    if (plainHttp) {
      cli.append(" --plain-http");
    }
    if (caFile != null) {
      cli.append(" --ca-file ").append(caFile);
    }
    if (username != null) {
      cli.append(" --username ").append(username).append(" --password-stdin");
    }
    cli.append('\n');
    cli.append("airlock mirrors --registry ")
        .append(registry())
        .append(plainHttp ? " --plain-http" : "")
        .append(caFile != null ? " --ca-file " + caFile : "")
        .append(" --format containerd -o airlock-mirrors-containerd\n");
    return cli.toString();
  }
}
