package io.airlock.installer.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Locale;

/**
 * The key types Airlock issues: ECDSA P-256 by default (small, fast, accepted everywhere), RSA on
 * request.
 */
public enum KeyAlgorithm {
  ECDSA_P256("ecdsa", "SHA256withECDSA"),
  RSA_3072("rsa", "SHA256withRSA");

  private final String id;
  private final String signatureAlgorithm;

  KeyAlgorithm(String id, String signatureAlgorithm) {
    this.id = id;
    this.signatureAlgorithm = signatureAlgorithm;
  }

  public String id() {
    return id;
  }

  String signatureAlgorithm() {
    return signatureAlgorithm;
  }

  /** The signature algorithm for a key of this kind, found from the key itself. */
  static String signatureAlgorithmFor(java.security.PrivateKey key) {
    return key.getAlgorithm().equals("RSA")
        ? RSA_3072.signatureAlgorithm
        : ECDSA_P256.signatureAlgorithm;
  }

  KeyPair generate() {
    try {
      if (this == RSA_3072) {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(3072);
        return g.generateKeyPair();
      }
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot make " + id + " keys", e);
    }
  }

  /**
   * Parses {@code ecdsa} or {@code rsa}.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static KeyAlgorithm parse(String text) {
    for (KeyAlgorithm a : values()) {
      if (a.id.equals(text.toLowerCase(Locale.ROOT))) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown key algorithm '" + text + "' (use ecdsa or rsa)");
  }
}
