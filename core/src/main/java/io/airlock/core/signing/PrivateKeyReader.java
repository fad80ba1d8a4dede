package io.airlock.core.signing;

import io.airlock.core.BadInputException;
import io.airlock.core.Phrase;
import io.airlock.core.Setting;
import io.airlock.core.SmallFiles;
import io.airlock.core.keys.KeyType;
import io.airlock.core.keys.Pem;
import io.airlock.core.keys.PublicKeyReader;
import io.airlock.core.keys.TrustedKey;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.bouncycastle.util.io.pem.PemObject;
import org.jspecify.annotations.Nullable;

/**
 * Reads a private key to sign with: cosign's encrypted format (what {@code airlock keygen} and
 * {@code cosign generate-key-pair} write), or, as a convenience cosign lacks, an unencrypted PKCS#8
 * {@code PRIVATE KEY}, SEC1 {@code EC PRIVATE KEY} or PKCS#1 {@code RSA PRIVATE KEY} (openssl's
 * output). Inside cosign's format the key must be PKCS#8, as cosign requires.
 */
public final class PrivateKeyReader {

  static final int MAX_KEY_FILE = 256 * 1024;

  private static final ASN1ObjectIdentifier RSA_OID =
      new ASN1ObjectIdentifier("1.2.840.113549.1.1.1");
  private static final ASN1ObjectIdentifier ED25519_OID = new ASN1ObjectIdentifier("1.3.101.112");
  private static final byte[] ED25519_SPKI_PREFIX =
      HexFormat.of().parseHex("302a300506032b6570032100");

  private static final Phrase NEW_KEY_PAIR =
      Phrase.of("Make a new key pair with ", Setting.KEYGEN, ".");

  private PrivateKeyReader() {}

  /**
   * @param passwords asked only when the key is encrypted
   */
  public static SigningKey read(Path file, PasswordSource passwords) throws BadInputException {
    byte[] bytes = SmallFiles.read(file, "private key", MAX_KEY_FILE);
    PemObject pem = Pem.firstBlock(file, bytes, "private key");
    String type = pem.getType();
    switch (type) {
      case EncryptedKeyFile.PEM_TYPE, EncryptedKeyFile.LEGACY_PEM_TYPE -> {
        byte[] der = EncryptedKeyFile.decrypt(file, pem.getContent(), passwords.password(false));
        return fromPkcs8(file, der, true);
      }
      case "PRIVATE KEY" -> {
        return fromPkcs8(file, pem.getContent(), false);
      }
      case "EC PRIVATE KEY" -> {
        return fromSec1(file, pem.getContent(), null);
      }
      case "RSA PRIVATE KEY" -> {
        return fromPkcs1(file, pem.getContent());
      }
      case "PUBLIC KEY" ->
          throw new BadInputException(
              Phrase.of(file, " is a public key; signing needs the private key (the .key file)."),
              Phrase.of("Give the NAME.key that ", Setting.KEYGEN, " wrote beside NAME.pub."));
      case "ENCRYPTED PRIVATE KEY" ->
          throw new BadInputException(
              file + " is an openssl-encrypted PKCS#8 key, which cosign and Airlock do not read.",
              "Import it once: openssl pkcs8 -in "
                  + file
                  + " -out plain.pem, then 'cosign import-key-pair --key plain.pem' (and delete"
                  + " plain.pem).");
      default ->
          throw new BadInputException(
              Phrase.of(
                  file,
                  " holds a PEM '",
                  type,
                  "' block, not a private key Airlock can sign with."),
              Phrase.of(
                  "Give the NAME.key that ",
                  Setting.KEYGEN,
                  " or 'cosign generate-key-pair' wrote."));
    }
  }

  /** A PKCS#8 key (the plaintext of cosign's format, or an unencrypted 'PRIVATE KEY'). */
  static SigningKey fromPkcs8(Path file, byte[] der, boolean fromCosignFormat)
      throws BadInputException {
    PrivateKeyInfo info;
    try {
      info = PrivateKeyInfo.getInstance(der);
    } catch (RuntimeException e) {
      String what =
          fromCosignFormat && looksLikeSec1(der)
              ? "it decrypts, but holds a SEC1 'EC PRIVATE KEY' instead of PKCS#8, which cosign"
                  + " cannot use either"
              : "its content is not a PKCS#8 private key";
      throw new BadInputException(
          Phrase.of("Cannot use the private key ", file, ": ", what, "."),
          Phrase.of("Make a new key pair with ", Setting.KEYGEN, " or 'cosign generate-key-pair'."),
          e);
    }
    ASN1ObjectIdentifier algorithm = info.getPrivateKeyAlgorithm().getAlgorithm();
    try {
      if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
        ASN1ObjectIdentifier curve =
            ASN1ObjectIdentifier.getInstance(info.getPrivateKeyAlgorithm().getParameters());
        return fromSec1(file, info.parsePrivateKey().toASN1Primitive().getEncoded(), curve);
      }
      if (algorithm.equals(RSA_OID)) {
        PrivateKey key =
            KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        return rsa(file, key);
      }
      if (algorithm.equals(ED25519_OID)) {
        byte[] seed = ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
        return ed25519(file, seed);
      }
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      throw new BadInputException(
          Phrase.of("Cannot use the private key ", file, ": it is damaged (", e.getMessage(), ")."),
          NEW_KEY_PAIR,
          e);
    }
    throw new BadInputException(
        Phrase.of(
            "Cannot sign with ",
            file,
            ": its key type (OID ",
            algorithm.getId(),
            ") is not one cosign signs with."),
        Phrase.of(
            "Use an ECDSA P-256/P-384/P-521, RSA or Ed25519 key, e.g. from ", Setting.KEYGEN, "."));
  }

  private static boolean looksLikeSec1(byte[] der) {
    try {
      org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(der);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** A SEC1 ECPrivateKey; the curve comes from PKCS#8's algorithm or from SEC1's parameters. */
  private static SigningKey fromSec1(Path file, byte[] der, @Nullable ASN1ObjectIdentifier curveOid)
      throws BadInputException {
    try {
      org.bouncycastle.asn1.sec.ECPrivateKey sec1 =
          org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(der);
      ASN1ObjectIdentifier oid =
          curveOid != null
              ? curveOid
              : ASN1ObjectIdentifier.getInstance(sec1.getParametersObject());
      KeyType type = oid == null ? null : KeyType.ofCurveOid(oid.getId());
      if (type == null) {
        throw new BadInputException(
            Phrase.of("Cannot sign with ", file, ": it is not a P-256, P-384 or P-521 ECDSA key."),
            NEW_KEY_PAIR);
      }
      BigInteger d = sec1.getKey();
      AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
      params.init(new ECGenParameterSpec(type.curve()));
      ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
      PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(d, spec));
      byte[] point =
          CustomNamedCurves.getByName(type.curve())
              .getG()
              .multiply(d)
              .normalize()
              .getEncoded(false);
      byte[] spki =
          new SubjectPublicKeyInfo(
                  new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, oid), point)
              .getEncoded(ASN1Encoding.DER);
      return new SigningKey(file, key, null, PublicKeyReader.fromSpki(file, spki));
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      throw new BadInputException(
          Phrase.of("Cannot use the private key ", file, ": its EC key is damaged."),
          NEW_KEY_PAIR,
          e);
    }
  }

  private static SigningKey fromPkcs1(Path file, byte[] der) throws BadInputException {
    try {
      RSAPrivateKey k = RSAPrivateKey.getInstance(der);
      PrivateKey key =
          KeyFactory.getInstance("RSA")
              .generatePrivate(
                  new RSAPrivateCrtKeySpec(
                      k.getModulus(),
                      k.getPublicExponent(),
                      k.getPrivateExponent(),
                      k.getPrime1(),
                      k.getPrime2(),
                      k.getExponent1(),
                      k.getExponent2(),
                      k.getCoefficient()));
      return rsa(file, key);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new BadInputException(
          Phrase.of("Cannot use the private key ", file, ": its RSA key is damaged."),
          NEW_KEY_PAIR,
          e);
    }
  }

  private static SigningKey rsa(Path file, PrivateKey key)
      throws GeneralSecurityException, BadInputException {
    RSAPrivateCrtKey crt = (RSAPrivateCrtKey) key;
    byte[] spki =
        KeyFactory.getInstance("RSA")
            .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()))
            .getEncoded();
    return new SigningKey(file, key, null, PublicKeyReader.fromSpki(file, spki));
  }

  static SigningKey ed25519(Path file, byte[] seed) throws BadInputException {
    if (seed.length != Ed25519.SECRET_KEY_SIZE) {
      throw new BadInputException(
          Phrase.of(
              "Cannot use the private key ",
              file,
              ": its Ed25519 key has ",
              seed.length,
              " bytes, not 32."),
          NEW_KEY_PAIR);
    }
    byte[] pk = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(seed, 0, pk, 0);
    byte[] spki = new byte[ED25519_SPKI_PREFIX.length + pk.length];
    System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
    System.arraycopy(pk, 0, spki, ED25519_SPKI_PREFIX.length, pk.length);
    TrustedKey publicKey = PublicKeyReader.fromSpki(file, spki);
    return new SigningKey(file, null, seed, publicKey);
  }

  /** The private key's PKCS#8 DER, for writing it encrypted. */
  static byte[] pkcs8(SigningKey key) throws IOException {
    if (key.type() == KeyType.ED25519) {
      return new PrivateKeyInfo(
              new AlgorithmIdentifier(ED25519_OID),
              new org.bouncycastle.asn1.DEROctetString(key.ed25519Seed()))
          .getEncoded(ASN1Encoding.DER);
    }
    return Objects.requireNonNull(key.jdkKey()).getEncoded();
  }
}
