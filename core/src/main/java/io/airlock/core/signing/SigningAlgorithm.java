package io.airlock.core.signing;

import io.airlock.core.keys.KeyType;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The key kinds {@code airlock keygen} makes, named as cosign's --signing-algorithm names them. */
public enum SigningAlgorithm {
  ECDSA_P256("ecdsa-sha2-256-nistp256", KeyType.ECDSA_P256, 256),
  ECDSA_P384("ecdsa-sha2-384-nistp384", KeyType.ECDSA_P384, 384),
  ECDSA_P521("ecdsa-sha2-512-nistp521", KeyType.ECDSA_P521, 521),
  ED25519("ed25519", KeyType.ED25519, 256),
  RSA_2048("rsa-sign-pkcs1-2048-sha256", KeyType.RSA, 2048),
  RSA_3072("rsa-sign-pkcs1-3072-sha256", KeyType.RSA, 3072),
  RSA_4096("rsa-sign-pkcs1-4096-sha256", KeyType.RSA, 4096);

  private final String flag;
  private final KeyType keyType;
  private final int bits;

  SigningAlgorithm(String flag, KeyType keyType, int bits) {
    this.flag = flag;
    this.keyType = keyType;
    this.bits = bits;
  }

  public String flag() {
    return flag;
  }

  public KeyType keyType() {
    return keyType;
  }

  public int bits() {
    return bits;
  }

  public static Optional<SigningAlgorithm> fromFlag(String flag) {
    return Arrays.stream(values()).filter(a -> a.flag.equals(flag)).findFirst();
  }

  /** Every flag value, for help texts and messages. */
  public static String flags() {
    return Arrays.stream(values()).map(SigningAlgorithm::flag).collect(Collectors.joining(", "));
  }
}
