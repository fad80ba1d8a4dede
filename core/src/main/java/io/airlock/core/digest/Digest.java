package io.airlock.core.digest;

import java.util.HexFormat;

/**
 * A content digest such as {@code sha256:9f86d0...}, always lower-case hex of the right length. Two
 * digests are equal when they name the same content.
 */
public record Digest(DigestAlgorithm algorithm, String hex) implements Comparable<Digest> {

  public Digest {
    if (hex.length() != algorithm.hexLength() || !isLowerHex(hex)) {
      throw new IllegalArgumentException(
          "not a "
              + algorithm.ociName()
              + " digest: "
              + abbreviate(hex)
              + " (expected "
              + algorithm.hexLength()
              + " lower-case hex digits)");
    }
  }

  /**
   * Parses {@code algorithm:hex}.
   *
   * @throws IllegalArgumentException with a message naming what is wrong
   */
  public static Digest parse(String text) {
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "not a digest: " + abbreviate(text) + " (expected sha256:<hex>)");
    }
    String name = text.substring(0, colon);
    DigestAlgorithm algorithm =
        DigestAlgorithm.fromOciName(name)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "unsupported digest algorithm '"
                            + abbreviate(name)
                            + "' (expected sha256 or sha512)"));
    return new Digest(algorithm, text.substring(colon + 1));
  }

  /** True when {@link #parse} would accept the text. */
  public static boolean isValid(String text) {
    try {
      parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  public static Digest of(DigestAlgorithm algorithm, byte[] hash) {
    return new Digest(algorithm, HexFormat.of().formatHex(hash));
  }

  public static Digest sha256(byte[] content) {
    return of(DigestAlgorithm.SHA256, DigestAlgorithm.SHA256.newMessageDigest().digest(content));
  }

  /** The first 12 hex digits, enough for people to tell digests apart in a listing. */
  public String shortHex() {
    return hex.substring(0, 12);
  }

  @Override
  public String toString() {
    return algorithm.ociName() + ":" + hex;
  }

  @Override
  public int compareTo(Digest other) {
    return toString().compareTo(other.toString());
  }

  private static boolean isLowerHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }
}
