package io.airlock.installer.cluster;

/** The IP families of the cluster's networking. */
public enum IpFamilies {
  IPV4("IPv4"),
  IPV6("IPv6-only"),
  DUAL_STACK("dual-stack");

  private final String display;

  IpFamilies(String display) {
    this.display = display;
  }

  public String display() {
    return display;
  }

  public boolean hasIpv4() {
    return this != IPV6;
  }
}
