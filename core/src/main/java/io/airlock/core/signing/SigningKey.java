package io.airlock.core.signing;

import io.airlock.core.keys.KeyType;
import io.airlock.core.keys.TrustedKey;
import java.nio.file.Path;
import java.security.PrivateKey;
import org.jspecify.annotations.Nullable;

/**
 * A private key ready to sign, with the public key that checks its signatures.
 *
 * @param source the key file
 * @param jdkKey the JDK key for ECDSA and RSA; null for Ed25519
 * @param ed25519Seed the 32-byte Ed25519 private key (RFC 8032 seed); null for other types
 * @param publicKey the matching public key, as verification reads it
 */
public record SigningKey(
    Path source, @Nullable PrivateKey jdkKey, byte @Nullable [] ed25519Seed, TrustedKey publicKey) {

  // Spelled out: javac does not carry a record component's type annotation on an array to the
  // parameters of a compact constructor.
  public SigningKey(
      Path source,
      @Nullable PrivateKey jdkKey,
      byte @Nullable [] ed25519Seed,
      TrustedKey publicKey) {
    this.source = source;
    this.jdkKey = jdkKey;
    this.ed25519Seed = ed25519Seed == null ? null : ed25519Seed.clone();
    this.publicKey = publicKey;
  }

  @Override
  public byte @Nullable [] ed25519Seed() {
    return ed25519Seed == null ? null : ed25519Seed.clone();
  }

  public KeyType type() {
    return publicKey.type();
  }

  /** A secret: never print it. */
  @Override
  public String toString() {
    return "SigningKey[" + source + ", " + publicKey.algorithm() + "]";
  }
}
