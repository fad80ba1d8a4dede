package io.airlock.core.digest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The hash functions signatures and checksum files use. Unlike OCI digests (sha256, sha512 only),
 * signatures made with P-384 keys and {@code sha384sum} files need SHA-384 too.
 */
public enum HashAlgorithm {
  SHA256("sha256", "SHA-256", "SHA2_256", 32, "3031300d060960864801650304020105000420"),
  SHA384("sha384", "SHA-384", "SHA2_384", 48, "3041300d060960864801650304020205000430"),
  SHA512("sha512", "SHA-512", "SHA2_512", 64, "3051300d060960864801650304020305000440");

  private final String id;
  private final String jcaName;
  private final String sigstoreName;
  private final int length;
  private final byte[] digestInfoPrefix;

  HashAlgorithm(String id, String jcaName, String sigstoreName, int length, String prefix) {
    this.id = id;
    this.jcaName = jcaName;
    this.sigstoreName = sigstoreName;
    this.length = length;
    this.digestInfoPrefix = HexFormat.of().parseHex(prefix);
  }

  /** The lower-case name cosign's flags and checksum tools use, e.g. {@code sha384}. */
  public String id() {
    return id;
  }

  /** The name people read, e.g. {@code SHA-384}. */
  public String displayName() {
    return jcaName;
  }

  /** The name in a Sigstore bundle's messageDigest, e.g. {@code SHA2_384}. */
  public String sigstoreName() {
    return sigstoreName;
  }

  /** Digest length in bytes. */
  public int length() {
    return length;
  }

  public int hexLength() {
    return 2 * length;
  }

  public MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance(jcaName);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(jcaName + " is missing from this Java runtime", e);
    }
  }

  /** The PKCS#1 v1.5 DigestInfo an RSA signature wraps around a digest of this kind. */
  public byte[] digestInfo(byte[] digest) {
    byte[] out = Arrays.copyOf(digestInfoPrefix, digestInfoPrefix.length + digest.length);
    System.arraycopy(digest, 0, out, digestInfoPrefix.length, digest.length);
    return out;
  }

  public static Optional<HashAlgorithm> fromId(String id) {
    String wanted = id.toLowerCase(Locale.ROOT).replace("-", "");
    return Arrays.stream(values()).filter(a -> a.id.equals(wanted)).findFirst();
  }

  public static Optional<HashAlgorithm> fromSigstoreName(String name) {
    return Arrays.stream(values()).filter(a -> a.sigstoreName.equals(name)).findFirst();
  }

  /** The algorithm whose hex digests have this length, as checksum files imply. */
  public static Optional<HashAlgorithm> fromHexLength(int hexLength) {
    return Arrays.stream(values()).filter(a -> a.hexLength() == hexLength).findFirst();
  }
}
