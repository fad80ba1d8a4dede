package io.airlock.installer.cluster;

import io.fabric8.kubernetes.client.VersionInfo;

/**
 * The API server's version. Managed services write minors like {@code "29+"}; only the digits
 * count.
 */
public record ServerVersion(int major, int minor, String gitVersion) {

  public static ServerVersion of(VersionInfo v) {
    return new ServerVersion(digits(v.getMajor()), digits(v.getMinor()), v.getGitVersion());
  }

  public static ServerVersion parse(String gitVersion) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("v?(\\d+)\\.(\\d+).*").matcher(gitVersion);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a Kubernetes version: " + gitVersion);
    }
    return new ServerVersion(
        Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), gitVersion);
  }

  private static int digits(String s) {
    String d = s == null ? "" : s.replaceAll("[^0-9].*$", "");
    return d.isEmpty() ? 0 : Integer.parseInt(d);
  }

  public boolean atLeast(int wantMajor, int wantMinor) {
    return major > wantMajor || (major == wantMajor && minor >= wantMinor);
  }

  /** Pod Security Admission is on by default from 1.23 (beta) and GA in 1.25. */
  public boolean hasPodSecurityAdmission() {
    return atLeast(1, 23);
  }

  @Override
  public String toString() {
    return gitVersion != null ? gitVersion : major + "." + minor;
  }
}
