package io.airlock.core.keys;

import io.airlock.core.digest.HashAlgorithm;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The public key kinds cosign signs and verifies blobs with, each with the hash its algorithm
 * registry pairs it with (sigstore's {@code GetDefaultPublicKeyDetails}).
 */
public enum KeyType {
  ECDSA_P256("ECDSA P-256", "secp256r1", HashAlgorithm.SHA256, 32),
  ECDSA_P384("ECDSA P-384", "secp384r1", HashAlgorithm.SHA384, 48),
  ECDSA_P521("ECDSA P-521", "secp521r1", HashAlgorithm.SHA512, 66),
  RSA("RSA", null, HashAlgorithm.SHA256, 0),
  ED25519("Ed25519", null, HashAlgorithm.SHA512, 32);

  private static final Map<String, KeyType> BY_CURVE_OID =
      Map.of(
          "1.2.840.10045.3.1.7", ECDSA_P256,
          "1.3.132.0.34", ECDSA_P384,
          "1.3.132.0.35", ECDSA_P521);

  private final String displayName;
  private final @Nullable String curve;
  private final HashAlgorithm defaultHash;
  private final int fieldBytes;

  KeyType(String displayName, @Nullable String curve, HashAlgorithm defaultHash, int fieldBytes) {
    this.displayName = displayName;
    this.curve = curve;
    this.defaultHash = defaultHash;
    this.fieldBytes = fieldBytes;
  }

  public String displayName() {
    return displayName;
  }

  /** The SEC name of an ECDSA key's curve, e.g. {@code secp384r1}; null for other keys. */
  public @Nullable String curve() {
    return curve;
  }

  /**
   * The hash the key's algorithm is defined with: SHA-384 for P-384, SHA-512 for P-521, SHA-256 for
   * P-256 and RSA. For Ed25519 it is the prehash of Ed25519ph (pure Ed25519 hashes inside).
   */
  public HashAlgorithm defaultHash() {
    return defaultHash;
  }

  /** Bytes of one coordinate (ECDSA), 0 otherwise. */
  public int fieldBytes() {
    return fieldBytes;
  }

  public boolean isEcdsa() {
    return curve != null;
  }

  /**
   * The ECDSA key type of a named curve's OID, as X.509 and PKCS#8 give it; null for a curve cosign
   * does not sign with.
   */
  public static @Nullable KeyType ofCurveOid(String oid) {
    return BY_CURVE_OID.get(oid);
  }
}
