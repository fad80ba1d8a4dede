package io.airlock.core.signing;

import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.jspecify.annotations.Nullable;

/**
 * NaCl's secretbox (XSalsa20 + Poly1305), as Go's {@code golang.org/x/crypto/nacl/secretbox} seals
 * it: the output is the 16-byte tag followed by the ciphertext; the first 32 bytes of the key
 * stream are the Poly1305 key. BouncyCastle has both primitives but not the construction.
 */
final class SecretBox {

  static final int KEY_BYTES = 32;
  static final int NONCE_BYTES = 24;
  static final int TAG_BYTES = 16;

  private SecretBox() {}

  static byte[] seal(byte[] plaintext, byte[] nonce, byte[] key) {
    XSalsa20Engine cipher = start(nonce, key);
    byte[] polyKey = keyStream(cipher);
    byte[] out = new byte[TAG_BYTES + plaintext.length];
    cipher.processBytes(plaintext, 0, plaintext.length, out, TAG_BYTES);
    byte[] tag = tag(polyKey, out, TAG_BYTES, plaintext.length);
    System.arraycopy(tag, 0, out, 0, TAG_BYTES);
    return out;
  }

  /** The plaintext, or null when the box was not sealed with this key (a wrong password). */
  static byte @Nullable [] open(byte[] box, byte[] nonce, byte[] key) {
    if (box.length < TAG_BYTES) {
      return null;
    }
    XSalsa20Engine cipher = start(nonce, key);
    byte[] polyKey = keyStream(cipher);
    byte[] expected = tag(polyKey, box, TAG_BYTES, box.length - TAG_BYTES);
    if (!MessageDigest.isEqual(expected, Arrays.copyOf(box, TAG_BYTES))) {
      return null;
    }
    byte[] plain = new byte[box.length - TAG_BYTES];
    cipher.processBytes(box, TAG_BYTES, plain.length, plain, 0);
    return plain;
  }

  private static XSalsa20Engine start(byte[] nonce, byte[] key) {
    if (nonce.length != NONCE_BYTES || key.length != KEY_BYTES) {
      throw new IllegalArgumentException("secretbox needs a 24-byte nonce and a 32-byte key");
    }
    XSalsa20Engine cipher = new XSalsa20Engine();
    cipher.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
    return cipher;
  }

  private static byte[] keyStream(XSalsa20Engine cipher) {
    byte[] polyKey = new byte[32];
    cipher.processBytes(new byte[32], 0, 32, polyKey, 0);
    return polyKey;
  }

  private static byte[] tag(byte[] polyKey, byte[] data, int off, int len) {
    Poly1305 mac = new Poly1305();
    mac.init(new KeyParameter(polyKey));
    mac.update(data, off, len);
    byte[] tag = new byte[TAG_BYTES];
    mac.doFinal(tag, 0);
    return tag;
  }
}
