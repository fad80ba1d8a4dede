package io.airlock.installer.pki;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The DNS names and IP addresses a server certificate must carry (its subjectAltName). */
public record SubjectNames(List<String> dnsNames, List<String> ipAddresses) {

  public SubjectNames {
    dnsNames = List.copyOf(new LinkedHashSet<>(dnsNames));
    ipAddresses = List.copyOf(new LinkedHashSet<>(ipAddresses));
  }

  /**
   * The names a registry Service is reached by: its in-cluster DNS names, {@code localhost}, the
   * loopback addresses (the node-side proxy and port-forwards use them) and any extra name or
   * address given, e.g. an external DNS name.
   */
  public static SubjectNames forService(String service, String namespace, List<String> extra) {
    List<String> dns = new ArrayList<>();
    List<String> ips = new ArrayList<>(List.of("127.0.0.1", "::1"));
    dns.add(service);
    dns.add(service + "." + namespace);
    dns.add(service + "." + namespace + ".svc");
    dns.add(service + "." + namespace + ".svc.cluster.local");
    dns.add("localhost");
    for (String e : extra) {
      if (isIpLiteral(e)) {
        ips.add(canonicalIp(e));
      } else {
        dns.add(e.toLowerCase(java.util.Locale.ROOT));
      }
    }
    return new SubjectNames(dns, ips);
  }

  /** True when the text is an IPv4 or IPv6 literal (never resolves a name). */
  public static boolean isIpLiteral(String text) {
    String t = strip(text);
    return t.matches("[0-9.]+") && t.split("\\.").length == 4 || t.contains(":");
  }

  static String canonicalIp(String text) {
    try {
      return InetAddress.getByName(strip(text)).getHostAddress().replaceAll("%.*$", "");
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + text, e);
    }
  }

  private static String strip(String text) {
    return text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
  }

  /** Names in {@code this} the other set does not carry. */
  public List<String> missingFrom(SubjectNames other) {
    Set<String> theirs = new LinkedHashSet<>(other.dnsNames);
    other.ipAddresses.forEach(ip -> theirs.add(canonicalIp(ip)));
    List<String> missing = new ArrayList<>();
    dnsNames.stream().filter(d -> !theirs.contains(d)).forEach(missing::add);
    ipAddresses.stream().filter(ip -> !theirs.contains(canonicalIp(ip))).forEach(missing::add);
    return missing;
  }
}
