package io.airlock.core.digest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;

/** The content digest algorithms OCI registries and checksum files use. */
public enum DigestAlgorithm {
  SHA256("sha256", "SHA-256", 64),
  SHA512("sha512", "SHA-512", 128);

  private final String ociName;
  private final String jcaName;
  private final int hexLength;

  DigestAlgorithm(String ociName, String jcaName, int hexLength) {
    this.ociName = ociName;
    this.jcaName = jcaName;
    this.hexLength = hexLength;
  }

  /** The name in an OCI digest string, e.g. {@code sha256}. */
  public String ociName() {
    return ociName;
  }

  public int hexLength() {
    return hexLength;
  }

  public MessageDigest newMessageDigest() {
    try {
      return MessageDigest.getInstance(jcaName);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(jcaName + " is missing from this Java runtime", e);
    }
  }

  public static Optional<DigestAlgorithm> fromOciName(String name) {
    return Arrays.stream(values()).filter(a -> a.ociName.equals(name)).findFirst();
  }

  /** The algorithm whose hex digests have this length, as checksum files imply. */
  public static Optional<DigestAlgorithm> fromHexLength(int length) {
    return Arrays.stream(values()).filter(a -> a.hexLength == length).findFirst();
  }
}
