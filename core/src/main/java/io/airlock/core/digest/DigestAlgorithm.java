package io.airlock.core.digest;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;

/** The content digest algorithms OCI registries and checksum files use. */
public enum DigestAlgorithm {
  SHA256("sha256", HashAlgorithm.SHA256),
  SHA512("sha512", HashAlgorithm.SHA512);

  private final String ociName;
  private final HashAlgorithm hash;

  DigestAlgorithm(String ociName, HashAlgorithm hash) {
    this.ociName = ociName;
    this.hash = hash;
  }

  /** The name in an OCI digest string, e.g. {@code sha256}. */
  public String ociName() {
    return ociName;
  }

  public int hexLength() {
    return hash.hexLength();
  }

  public MessageDigest newMessageDigest() {
    return hash.newDigest();
  }

  public static Optional<DigestAlgorithm> fromOciName(String name) {
    return Arrays.stream(values()).filter(a -> a.ociName.equals(name)).findFirst();
  }

  /** The algorithm whose hex digests have this length, as checksum files imply. */
  public static Optional<DigestAlgorithm> fromHexLength(int length) {
    return Arrays.stream(values()).filter(a -> a.hexLength() == length).findFirst();
  }
}
