package io.airlock.installer.target;

import io.airlock.core.BadInputException;
import io.airlock.core.distribution.CredentialStore;
import io.airlock.core.distribution.Credentials;
import io.airlock.core.distribution.RegistryEndpoint;
import io.airlock.core.distribution.TlsSettings;
import io.airlock.core.oci.TargetNaming;
import io.airlock.core.push.PushOptions;
import io.airlock.core.push.PushTarget;
import io.airlock.installer.mirrors.MirrorTarget;
import io.airlock.installer.mirrors.RegistryUrl;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A registry Airlock pushes into: its address, repository prefix, how to trust it (TLS with the
 * system's CAs plus a CA file, or no check at all, or plain HTTP) and the credentials to push with.
 * Built and checked here for every front end: {@code airlock push --registry}, {@code airlock
 * install --registry-url}, the wizard's Registry step, the embedded registry and the in-cluster
 * registry reached through a tunnel. Each front end names its inputs in its own words ({@link
 * Words}); the rules are the same.
 *
 * @param host {@code HOST[:PORT]} as clients reach it, lower case, IPv6 in brackets
 * @param prefix repository prefix (may be empty)
 * @param caFile PEM of extra CAs to trust, or null
 * @param credentials the push credentials, or null for anonymous access or the credential store
 */
public record RegistryTarget(
    String host,
    String prefix,
    boolean plainHttp,
    Path caFile,
    boolean insecureSkipVerify,
    Credentials credentials,
    boolean flatten) {

  /** How a front end names each input, so the same rule reads in its own words. */
  public record Words(
      String address, String plainHttp, String caFile, String insecure, String credentials) {

    /** {@code airlock push}. */
    public static final Words PUSH =
        new Words(
            "--registry", "--plain-http", "--ca-file", "--insecure-skip-tls-verify", "--username");

    /** {@code airlock install --registry-url}. */
    public static final Words INSTALL =
        new Words(
            "--registry-url",
            "--plain-http",
            "--ca-file",
            "--insecure-skip-tls-verify",
            "--username");
  }

  private static final String HOST =
      "[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9a-fA-F:]+\\](:[0-9]{1,5})?";

  public RegistryTarget {
    host = host.toLowerCase(Locale.ROOT);
    prefix = TargetNaming.normalizePrefix(prefix);
  }

  /**
   * Checks and builds a target from what a person typed.
   *
   * @param address {@code [https://]HOST[:PORT][/PREFIX]}; {@code http://} only with {@code
   *     plainHttp}
   * @throws BadInputException naming the input in the front end's words
   */
  public static RegistryTarget of(
      String address,
      boolean plainHttp,
      Path caFile,
      boolean insecureSkipVerify,
      Credentials credentials,
      boolean flatten,
      Words words)
      throws BadInputException {
    if (address == null || address.isBlank()) {
      throw new BadInputException(
          "No registry given (" + words.address() + ").",
          "Give HOST[:PORT][/PREFIX], e.g. registry.example.org:5000/site.");
    }
    RegistryUrl url = RegistryUrl.parse(address, plainHttp, words.address());
    if (url.plainHttp() && (caFile != null || insecureSkipVerify)) {
      throw new BadInputException(
          words.plainHttp()
              + " cannot be combined with "
              + (caFile != null ? words.caFile() : words.insecure())
              + ": a CA or a TLS setting means nothing without TLS.",
          "Choose TLS (the default) or plain HTTP.");
    }
    if (!url.host().matches(HOST)) {
      throw new BadInputException(
          words.address()
              + " '"
              + address
              + "' does not start with a registry host such as registry.local:5000.",
          "Give HOST[:PORT][/PREFIX]; IPv6 addresses in brackets, e.g. [fd00::5]:5000.");
    }
    try {
      new TargetNaming(url.prefix(), flatten);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(
          words.address() + " '" + address + "': " + e.getMessage() + ".",
          "A prefix is a repository path such as site or team/mirror.");
    }
    RegistryTarget target =
        new RegistryTarget(
            url.host(),
            url.prefix(),
            url.plainHttp(),
            caFile,
            insecureSkipVerify,
            credentials,
            flatten);
    if (credentials != null && !target.endpoint().mayCarryCredentials()) {
      throw new BadInputException(
          words.credentials()
              + " over plain HTTP would send the password unencrypted to "
              + target.host()
              + ".",
          "Use TLS (drop " + words.plainHttp() + "), or a registry on this machine.");
    }
    return target;
  }

  public RegistryEndpoint endpoint() {
    return new RegistryEndpoint(host, plainHttp);
  }

  /** {@code HOST:PORT/PREFIX}, as {@code --registry} takes it. */
  public String registry() {
    return prefix.isEmpty() ? host : host + "/" + prefix;
  }

  public PushTarget pushTarget() {
    return new PushTarget(host, prefix);
  }

  /** The same registry at another address, e.g. the local end of a tunnel. */
  public RegistryTarget at(String otherHost) {
    return new RegistryTarget(
        otherHost, prefix, plainHttp, caFile, insecureSkipVerify, credentials, flatten);
  }

  public RegistryTarget withCredentials(Credentials c) {
    return new RegistryTarget(host, prefix, plainHttp, caFile, insecureSkipVerify, c, flatten);
  }

  /**
   * Push options with every default but the target's own settings. Without credentials, those the
   * credential store holds for the host are used (reads files: never on a UI thread).
   */
  public PushOptions pushOptions(Path stateDir) {
    return pushOptionsBuilder(stateDir).build();
  }

  /** A builder of {@link #pushOptions}, for a front end that sets more. */
  public PushOptions.Builder pushOptionsBuilder(Path stateDir) {
    Credentials c =
        credentials != null ? credentials : CredentialStore.system().lookup(host).orElse(null);
    return PushOptions.builder(pushTarget(), plainHttp, stateDir)
        .tls(new TlsSettings(caFile, insecureSkipVerify))
        .credentials(c)
        .flatten(flatten);
  }

  /**
   * What nodes pull from when they reach this registry at the same address (reads the CA file).
   *
   * @throws BadInputException when the CA file is unreadable or holds no certificate
   */
  public MirrorTarget mirrorTarget(List<String> upstreams) throws BadInputException {
    String ca = caFile == null ? null : RegistryUrl.readCa(caFile);
    try {
      return new MirrorTarget(
          host,
          plainHttp,
          ca,
          insecureSkipVerify,
          prefix,
          flatten,
          upstreams.isEmpty() ? MirrorTarget.DEFAULT_UPSTREAMS : upstreams);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("Invalid registry address: " + e.getMessage() + ".", null);
    }
  }

  @Override
  public String toString() {
    return "RegistryTarget["
        + (plainHttp ? "http://" : "https://")
        + registry()
        + (credentials == null ? "" : ", user " + credentials.username() + ", password hidden")
        + "]";
  }
}
