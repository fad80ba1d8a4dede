package io.airlock.core.keys;

import io.airlock.core.digest.HashAlgorithm;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * A public key the user trusts, as read from a key file.
 *
 * @param source the file it came from
 * @param type what kind of key it is
 * @param key the key, ready for the JDK's signature engines
 * @param spki the DER SubjectPublicKeyInfo exactly as the file holds it
 * @param bits key size in bits (modulus for RSA, curve for ECDSA, 256 for Ed25519)
 * @param ed25519 the raw 32-byte Ed25519 public key, or null for other types
 */
public record TrustedKey(
    Path source, KeyType type, PublicKey key, byte[] spki, int bits, byte @Nullable [] ed25519) {

  // Spelled out: javac does not carry a record component's type annotation on an array to the
  // parameters of a compact constructor, and null is the usual ed25519 here.
  public TrustedKey(
      Path source, KeyType type, PublicKey key, byte[] spki, int bits, byte @Nullable [] ed25519) {
    this.source = source;
    this.type = type;
    this.key = key;
    this.spki = spki.clone();
    this.bits = bits;
    this.ed25519 = ed25519 == null ? null : ed25519.clone();
  }

  @Override
  public byte[] spki() {
    return spki.clone();
  }

  @Override
  public byte @Nullable [] ed25519() {
    return ed25519 == null ? null : ed25519.clone();
  }

  /**
   * SHA-256 of the DER public key, as {@code sha256:<hex>}: what a person compares with the
   * fingerprint the vendor published ({@code openssl pkey -pubin -in KEY -outform DER |
   * sha256sum}).
   */
  public String fingerprint() {
    return "sha256:" + HexFormat.of().formatHex(HashAlgorithm.SHA256.newDigest().digest(spki));
  }

  /** E.g. "ECDSA P-256" or "RSA 4096". */
  public String algorithm() {
    return type == KeyType.RSA ? "RSA " + bits : type.displayName();
  }

  /** For messages: "cosign.pub (ECDSA P-256, sha256:1a2b3c4d5e6f...)". */
  public String describe() {
    String name =
        source.getFileName() == null ? source.toString() : source.getFileName().toString();
    return name + " (" + algorithm() + ", " + fingerprint().substring(0, 19) + "...)";
  }
}
