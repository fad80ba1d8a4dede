package io.airlock.core.registry;

import io.airlock.core.BadInputException;
import io.airlock.core.Phrase;
import io.airlock.core.Setting;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How the registry listens and whom it lets in.
 *
 * @param listen the addresses to listen on, IPv4 or IPv6
 * @param tls certificate and key for HTTPS, or null for plain HTTP
 * @param users htpasswd users (bcrypt) required for /v2/, or null to let everyone in
 * @param pullOnlyUsers users who may pull but not push or delete
 * @param allowPlainHttpRemote allow plain HTTP on addresses other than loopback
 * @param shutdownGrace how long requests in flight may take to finish on shutdown
 * @param uploadIdleLimit how long an upload session may go without new bytes before the running
 *     server removes it (default {@link #DEFAULT_UPLOAD_IDLE_LIMIT}); a client that comes back
 *     later is told the upload is unknown and starts again
 */
public record ServerOptions(
    List<InetSocketAddress> listen,
    @Nullable Tls tls,
    @Nullable Htpasswd users,
    Set<String> pullOnlyUsers,
    boolean allowPlainHttpRemote,
    Duration shutdownGrace,
    Duration uploadIdleLimit) {

  /**
   * 24 hours: far longer than any push pauses between two chunks (a resumed push starts a new
   * session anyway), short enough that abandoned sessions do not pile up on a site's disk.
   */
  public static final Duration DEFAULT_UPLOAD_IDLE_LIMIT = Duration.ofHours(24);

  /** Options with the default upload idle limit. */
  public ServerOptions(
      List<InetSocketAddress> listen,
      @Nullable Tls tls,
      @Nullable Htpasswd users,
      Set<String> pullOnlyUsers,
      boolean allowPlainHttpRemote,
      Duration shutdownGrace) {
    this(
        listen,
        tls,
        users,
        pullOnlyUsers,
        allowPlainHttpRemote,
        shutdownGrace,
        DEFAULT_UPLOAD_IDLE_LIMIT);
  }

  /** The same options with another upload idle limit. */
  public ServerOptions withUploadIdleLimit(Duration limit) {
    return new ServerOptions(
        listen, tls, users, pullOnlyUsers, allowPlainHttpRemote, shutdownGrace, limit);
  }

  /**
   * PEM files for HTTPS.
   *
   * @param clientCa CA certificates that client certificates must chain to (mTLS), or null
   */
  public record Tls(Path certificate, Path privateKey, @Nullable Path clientCa) {}

  public ServerOptions {
    listen = List.copyOf(listen);
    pullOnlyUsers = Set.copyOf(pullOnlyUsers);
    if (uploadIdleLimit.isNegative() || uploadIdleLimit.isZero()) {
      throw new IllegalArgumentException("the upload idle limit must be positive");
    }
  }

  /** Plain HTTP on loopback only, no users: what tests and the demo use. */
  public static ServerOptions loopback(InetSocketAddress... addresses) {
    return new ServerOptions(
        List.of(addresses), null, null, Set.of(), false, Duration.ofSeconds(10));
  }

  /** Refuses plain HTTP on a non-loopback address unless it was asked for explicitly. */
  void check() throws BadInputException {
    if (listen.isEmpty()) {
      throw new BadInputException(
          Phrase.of("No address to listen on."),
          Phrase.of("Give ", Setting.LISTEN, " (ADDR:PORT)."));
    }
    if (tls == null && !allowPlainHttpRemote) {
      for (InetSocketAddress a : listen) {
        if (!a.getAddress().isLoopbackAddress()) {
          throw new BadInputException(
                  Phrase.of(
                      "Refusing to serve plain HTTP on "
                          + ListenAddress.format(a)
                          + ": it is reachable from other machines and the traffic would be readable"
                          + " and changeable on the way."),
                  Phrase.of(
                      "Give ",
                      Setting.TLS_CERT,
                      " and ",
                      Setting.TLS_KEY,
                      " (PEM), or accept the risk on a closed network with ",
                      Setting.ALLOW_PLAIN_HTTP_REMOTE,
                      "."))
              .coded("registry.plain-http-remote");
        }
      }
    }
    if (users == null && !pullOnlyUsers.isEmpty()) {
      throw new BadInputException(
          Phrase.of(
              Setting.PULL_ONLY_USER,
              " need ",
              Setting.HTPASSWD,
              ": without users nobody logs in."),
          Phrase.of("Give ", Setting.HTPASSWD, " with the users' bcrypt passwords."));
    }
  }
}
