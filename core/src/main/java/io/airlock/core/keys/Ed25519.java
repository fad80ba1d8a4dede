package io.airlock.core.keys;

import io.airlock.core.digest.HashAlgorithm;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Pure Ed25519 (RFC 8032) verification that never needs the whole message in memory.
 *
 * <p>Why this exists: pure Ed25519 hashes the message inside the algorithm, as k = SHA-512(R || A
 * || M). The JDK's and BouncyCastle's engines ({@code Ed25519Signer}, {@code Ed25519.verify}) take
 * the message as one byte array, so a 20 GB bundle cannot go through them. R (the signature's first
 * half) and A (the public key) are known before the message is read, so k can be streamed with the
 * JDK's SHA-512; only the final group equation is done here.
 *
 * <p>The check follows Go's {@code crypto/ed25519.Verify}, which cosign uses: S must be below the
 * group order L, and the encoding of [S]B - [k]A must equal R byte for byte (no cofactor). The
 * arithmetic is variable-time, which is fine for verification: every input is public.
 */
public final class Ed25519 {

  static final int KEY_BYTES = 32;
  public static final int SIGNATURE_BYTES = 64;

  private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

  /** The order of the base point. */
  public static final BigInteger L =
      BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

  private static final BigInteger D =
      BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
  private static final BigInteger SQRT_M1 =
      BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);
  private static final BigInteger D2 = D.shiftLeft(1).mod(P);
  private static final Point IDENTITY = Point.affine(BigInteger.ZERO, BigInteger.ONE);
  private static final Point BASE =
      Point.affine(
          new BigInteger(
              "15112221349535400772501151409588531511454012693041857206046113283949847762202"),
          new BigInteger(
              "46316835694926478169428394003475163141307993866256225615783033603165251855960"));

  private Ed25519() {}

  /**
   * A point in extended coordinates (x = X/Z, y = Y/Z, xy = T/Z). The unified addition law (Hisil
   * et al. 2008, a = -1) is complete on this curve, so doubling needs no special case and no
   * inversion is needed until the point is encoded.
   */
  private record Point(BigInteger x, BigInteger y, BigInteger z, BigInteger t) {

    static Point affine(BigInteger x, BigInteger y) {
      return new Point(x, y, BigInteger.ONE, x.multiply(y).mod(P));
    }

    Point add(Point o) {
      BigInteger a = y.subtract(x).multiply(o.y.subtract(o.x)).mod(P);
      BigInteger b = y.add(x).multiply(o.y.add(o.x)).mod(P);
      BigInteger c = t.multiply(D2).mod(P).multiply(o.t).mod(P);
      BigInteger d = z.multiply(o.z).shiftLeft(1).mod(P);
      BigInteger e = b.subtract(a);
      BigInteger f = d.subtract(c);
      BigInteger g = d.add(c);
      BigInteger h = b.add(a);
      return new Point(
          e.multiply(f).mod(P), g.multiply(h).mod(P), f.multiply(g).mod(P), e.multiply(h).mod(P));
    }

    Point negate() {
      return new Point(x.negate().mod(P), y, z, t.negate().mod(P));
    }

    Point times(BigInteger scalar) {
      Point result = IDENTITY;
      for (int i = scalar.bitLength() - 1; i >= 0; i--) {
        result = result.add(result);
        if (scalar.testBit(i)) {
          result = result.add(this);
        }
      }
      return result;
    }

    byte[] encode() {
      BigInteger zInverse = z.modInverse(P);
      BigInteger ax = x.multiply(zInverse).mod(P);
      byte[] out = littleEndian(y.multiply(zInverse).mod(P), 32);
      if (ax.testBit(0)) {
        out[31] |= (byte) 0x80;
      }
      return out;
    }
  }

  /** True when 32 bytes decode to a point of the curve, as Go's decoder judges it. */
  public static boolean isValidPublicKey(byte[] encoded) {
    return encoded.length == KEY_BYTES && decode(encoded) != null;
  }

  /**
   * Starts the streamed part of a verification: a SHA-512 already fed with R and A. Feed it the
   * message, then call {@link #verify}.
   */
  public static MessageDigest startHash(byte[] publicKey, byte[] signature) {
    MessageDigest sha512 = HashAlgorithm.SHA512.newDigest();
    sha512.update(signature, 0, Math.min(32, signature.length));
    sha512.update(publicKey);
    return sha512;
  }

  /**
   * Completes a pure Ed25519 verification.
   *
   * @param hram SHA-512(R || A || M), from {@link #startHash} fed with the message
   */
  public static boolean verify(byte[] publicKey, byte[] signature, byte[] hram) {
    if (signature.length != SIGNATURE_BYTES || publicKey.length != KEY_BYTES) {
      return false;
    }
    BigInteger s = fromLittleEndian(Arrays.copyOfRange(signature, 32, 64));
    if (s.compareTo(L) >= 0) {
      return false;
    }
    Point a = decode(publicKey);
    if (a == null) {
      return false;
    }
    BigInteger k = reduce(hram);
    Point r = BASE.times(s).add(a.negate().times(k));
    return MessageDigest.isEqual(r.encode(), Arrays.copyOf(signature, 32));
  }

  /** A 64-byte hash read as a little-endian number, reduced modulo L. */
  public static BigInteger reduce(byte[] hash) {
    return fromLittleEndian(hash).mod(L);
  }

  /** The little-endian encoding of a scalar below L, as signatures carry S. */
  public static byte[] encodeScalar(BigInteger scalar) {
    return littleEndian(scalar.mod(L), 32);
  }

  /** Little-endian bytes read as a non-negative number. */
  public static BigInteger fromLittleEndian(byte[] bytes) {
    byte[] be = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      be[i] = bytes[bytes.length - 1 - i];
    }
    return new BigInteger(1, be);
  }

  private static byte[] littleEndian(BigInteger value, int length) {
    byte[] be = value.toByteArray();
    byte[] out = new byte[length];
    for (int i = 0; i < length && i < be.length; i++) {
      out[i] = be[be.length - 1 - i];
    }
    return out;
  }

  /**
   * RFC 8032 point decoding, lenient where Go's is: a y at or above p is reduced, and x = 0 with
   * the sign bit set is accepted.
   */
  private static @Nullable Point decode(byte[] encoded) {
    byte[] bytes = encoded.clone();
    boolean xOdd = (bytes[31] & 0x80) != 0;
    bytes[31] &= 0x7f;
    BigInteger y = fromLittleEndian(bytes).mod(P);
    BigInteger y2 = y.multiply(y).mod(P);
    BigInteger u = y2.subtract(BigInteger.ONE).mod(P);
    BigInteger v = D.multiply(y2).add(BigInteger.ONE).mod(P);
    BigInteger x2 = u.multiply(v.modInverse(P)).mod(P);
    BigInteger x = x2.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
    if (!x.multiply(x).mod(P).equals(x2)) {
      x = x.multiply(SQRT_M1).mod(P);
      if (!x.multiply(x).mod(P).equals(x2)) {
        return null;
      }
    }
    if (x.testBit(0) != xOdd) {
      x = x.negate().mod(P);
    }
    return Point.affine(x, y);
  }
}
