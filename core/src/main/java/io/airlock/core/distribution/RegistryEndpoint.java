package io.airlock.core.distribution;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Where a registry answers: {@code host[:port]} and whether it speaks plain HTTP. TLS is the
 * default; plain HTTP only by the user's explicit choice.
 *
 * @param host {@code host} or {@code host:port}, as in image references ({@code [::1]:5000} too)
 */
public record RegistryEndpoint(String host, boolean plainHttp) {

  public RegistryEndpoint {
    if (host == null || host.isBlank() || host.contains("/")) {
      throw new IllegalArgumentException("not a registry host: '" + host + "'");
    }
    host = host.toLowerCase(Locale.ROOT);
  }

  public String scheme() {
    return plainHttp ? "http" : "https";
  }

  /** {@code scheme://host/v2/} followed by {@code path}, which is already escaped. */
  public URI v2(String path) {
    return URI.create(scheme() + "://" + host + "/v2/" + path);
  }

  /** The host name without the port, brackets removed from IPv6 literals. */
  public String hostName() {
    String h = host;
    if (h.startsWith("[")) {
      return h.substring(1, h.indexOf(']'));
    }
    int colon = h.lastIndexOf(':');
    return colon > 0 ? h.substring(0, colon) : h;
  }

  /**
   * True when the registry is this machine: credentials may then cross plain HTTP, since they never
   * leave the host.
   */
  public boolean isLoopback() {
    String name = hostName();
    if (name.equals("localhost")) {
      return true;
    }
    if (!name.matches("[0-9.]+") && !name.contains(":")) {
      return false; // a name: never resolve it to decide whether secrets may travel unencrypted
    }
    try {
      return InetAddress.getByName(name).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** True when credentials may be sent to this registry: over TLS, or to this machine. */
  public boolean mayCarryCredentials() {
    return !plainHttp || isLoopback();
  }

  @Override
  public String toString() {
    return host;
  }
}
