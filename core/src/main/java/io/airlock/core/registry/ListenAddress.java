package io.airlock.core.registry;

import io.airlock.core.BadInputException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** Listen addresses as people write them: {@code 127.0.0.1:5000}, {@code [::1]:5000}. */
public final class ListenAddress {

  public static final int DEFAULT_PORT = 5000;

  private ListenAddress() {}

  /**
   * Parses {@code HOST:PORT}, {@code [IPV6]:PORT} or {@code :PORT} (all IPv4 and IPv6 addresses).
   * Host names are refused: a listen address must be a literal, so what is bound is what is meant.
   */
  public static InetSocketAddress parse(String text) throws BadInputException {
    String host;
    String port;
    if (text.startsWith("[")) {
      int close = text.indexOf("]:");
      if (close < 0) {
        throw bad(text);
      }
      host = text.substring(1, close);
      port = text.substring(close + 2);
    } else {
      int colon = text.lastIndexOf(':');
      if (colon < 0 || text.indexOf(':') != colon) {
        throw bad(text);
      }
      host = text.substring(0, colon);
      port = text.substring(colon + 1);
    }
    int p;
    try {
      p = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw bad(text);
    }
    if (p < 0 || p > 65535) {
      throw bad(text);
    }
    if (host.isEmpty()) {
      host = "::";
    }
    if (!host.matches("[0-9a-fA-F.:%a-z]+") || !(host.contains(".") || host.contains(":"))) {
      throw bad(text);
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), p);
    } catch (UnknownHostException e) {
      throw bad(text);
    }
  }

  /** 127.0.0.1:5000, plus [::1]:5000 when the host has IPv6 on its loopback. */
  public static List<InetSocketAddress> defaults() {
    return loopbacks(DEFAULT_PORT);
  }

  /**
   * 127.0.0.1:PORT, plus [::1]:PORT when the host has IPv6 on its loopback; port 0 (any free port)
   * binds IPv4 alone, since the two would get different ports.
   */
  public static List<InetSocketAddress> loopbacks(int port) {
    List<InetSocketAddress> list = new ArrayList<>();
    list.add(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    if (port != 0 && hasIpv6Loopback()) {
      try {
        list.add(new InetSocketAddress(InetAddress.getByName("::1"), port));
      } catch (UnknownHostException e) {
        // cannot happen for a literal
      }
    }
    return list;
  }

  /** True when ::1 is configured on this host. */
  public static boolean hasIpv6Loopback() {
    try {
      return NetworkInterface.getByInetAddress(InetAddress.getByName("::1")) != null;
    } catch (SocketException | UnknownHostException e) {
      return false;
    }
  }

  public static String format(InetSocketAddress a) {
    String host = a.getAddress().getHostAddress();
    int zone = host.indexOf('%');
    if (zone >= 0) {
      host = host.substring(0, zone);
    }
    if (a.getAddress() instanceof Inet6Address) {
      host =
          "["
              + (host.equals("0:0:0:0:0:0:0:1")
                  ? "::1"
                  : host.equals("0:0:0:0:0:0:0:0") ? "::" : host)
              + "]";
    }
    return host + ":" + a.getPort();
  }

  private static BadInputException bad(String text) {
    return new BadInputException(
        "Invalid listen address '" + text + "'.",
        "Write it as IP:PORT, e.g. 127.0.0.1:5000, [::1]:5000, 0.0.0.0:5000 or [::]:5000.");
  }
}
