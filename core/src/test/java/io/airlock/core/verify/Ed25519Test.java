package io.airlock.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.keys.Ed25519;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The streamed pure Ed25519 check against BouncyCastle's buffered one as the oracle, on valid
 * signatures and on random corruptions of key, message and signature.
 */
class Ed25519Test {

  private static boolean streamed(byte[] pk, byte[] sig, byte[] message) {
    MessageDigest h = Ed25519.startHash(pk, sig);
    // feed in uneven pieces, as chunks arrive
    int i = 0;
    for (int step = 1; i < message.length; step = step * 3 + 1) {
      int n = Math.min(step, message.length - i);
      h.update(message, i, n);
      i += n;
    }
    return Ed25519.verify(pk, sig, h.digest());
  }

  private static boolean oracle(byte[] pk, byte[] sig, byte[] message) {
    return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(
        sig, 0, pk, 0, message, 0, message.length);
  }

  @Test
  void agreesWithBouncyCastleOnValidAndCorruptedSignatures() {
    Random random = new Random(42);
    int valid = 0;
    for (int round = 0; round < 60; round++) {
      byte[] seed = new byte[32];
      random.nextBytes(seed);
      byte[] pk = new byte[32];
      org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(seed, 0, pk, 0);
      byte[] message = new byte[random.nextInt(3000)];
      random.nextBytes(message);
      byte[] sig = new byte[64];
      org.bouncycastle.math.ec.rfc8032.Ed25519.sign(seed, 0, message, 0, message.length, sig, 0);
      assertTrue(streamed(pk, sig, message), "valid signature refused in round " + round);
      valid++;

      byte[] badSig = sig.clone();
      badSig[random.nextInt(64)] ^= (byte) (1 << random.nextInt(8));
      assertEquals(oracle(pk, badSig, message), streamed(pk, badSig, message), "sig " + round);

      if (message.length > 0) {
        byte[] badMessage = message.clone();
        badMessage[random.nextInt(message.length)] ^= 1;
        assertFalse(streamed(pk, sig, badMessage));
      }
      byte[] badKey = pk.clone();
      badKey[random.nextInt(32)] ^= (byte) (1 << random.nextInt(8));
      assertEquals(oracle(badKey, sig, message), streamed(badKey, sig, message), "key " + round);
    }
    assertEquals(60, valid);
  }

  @Test
  void nonCanonicalSIsRefusedAsGoRefusesIt() {
    byte[] seed = new byte[32];
    byte[] pk = new byte[32];
    org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(seed, 0, pk, 0);
    byte[] message = "m".getBytes();
    byte[] sig = new byte[64];
    org.bouncycastle.math.ec.rfc8032.Ed25519.sign(seed, 0, message, 0, 1, sig, 0);
    BigInteger s = Ed25519.fromLittleEndian(Arrays.copyOfRange(sig, 32, 64)).add(Ed25519.L);
    byte[] malleable = sig.clone();
    byte[] sBytes = s.toByteArray();
    for (int i = 0; i < 32; i++) {
      malleable[32 + i] = i < sBytes.length ? sBytes[sBytes.length - 1 - i] : 0;
    }
    assertFalse(streamed(pk, malleable, message));
  }

  @Test
  void invalidPointIsNotAPublicKey() {
    byte[] notOnCurve = new byte[32];
    notOnCurve[0] = 2; // y = 2 has no x on the curve
    assertFalse(Ed25519.isValidPublicKey(notOnCurve));
  }
}
