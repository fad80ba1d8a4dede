package io.airlock.core.keys;

import io.airlock.core.BadInputException;
import io.airlock.core.Phrase;
import io.airlock.core.Setting;
import io.airlock.core.SmallFiles;
import io.airlock.core.progress.Notice;
import io.airlock.core.progress.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Null;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.util.io.pem.PemObject;
import org.jspecify.annotations.Nullable;

/**
 * Reads public keys the way {@code cosign verify-blob --key} does (sigstore's {@code
 * cryptoutils.UnmarshalPEMToPublicKey}): the first PEM block of the file, which must be a {@code
 * PUBLIC KEY} (a DER SubjectPublicKeyInfo of an ECDSA P-256, P-384, P-521, RSA or Ed25519 key) or
 * an {@code RSA PUBLIC KEY} (PKCS#1). Any other block is refused, as sigstore does, with a hint
 * instead of its parser error.
 */
public final class PublicKeyReader {

  /** Key files are a few hundred bytes; anything this big is not one. */
  static final int MAX_KEY_FILE = 256 * 1024;

  static final int MIN_RSA_BITS = 2048;
  static final int MAX_RSA_BITS = 16384;

  private static final String ACCEPTED =
      "ECDSA P-256, P-384 or P-521, RSA (2048 to 16384 bits) or Ed25519 in a PEM 'PUBLIC KEY'"
          + " block, or RSA in a PEM 'RSA PUBLIC KEY' (PKCS#1) block";

  private static final ASN1ObjectIdentifier EC = new ASN1ObjectIdentifier("1.2.840.10045.2.1");
  private static final ASN1ObjectIdentifier RSA = new ASN1ObjectIdentifier("1.2.840.113549.1.1.1");
  private static final ASN1ObjectIdentifier ED25519 = new ASN1ObjectIdentifier("1.3.101.112");
  private static final Map<String, String> OTHER_ALGORITHMS =
      Map.of(
          "1.3.101.113", "Ed448",
          "1.3.101.110", "X25519",
          "1.3.101.111", "X448",
          "1.2.840.10040.4.1", "DSA",
          "1.2.840.113549.1.1.10", "RSA-PSS");

  private PublicKeyReader() {}

  /**
   * Reads a key file, or every key file of a directory (any one of them may verify).
   *
   * @param listener told about files of a directory that are skipped because they hold no key
   * @throws BadInputException when the file is not a usable public key, or the directory has none
   */
  public static List<TrustedKey> readAll(Path path, ProgressListener listener)
      throws BadInputException {
    if (!Files.isDirectory(path)) {
      return List.of(read(path));
    }
    List<Path> files;
    try (Stream<Path> entries = Files.list(path)) {
      files =
          entries
              .filter(Files::isRegularFile)
              .filter(f -> !f.getFileName().toString().startsWith("."))
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new BadInputException(
          "Cannot list the key directory " + path + ": " + e.getMessage(), null, e);
    }
    List<TrustedKey> keys = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (Path file : files) {
      try {
        keys.add(read(file));
      } catch (BadInputException e) {
        skipped.add(e.getMessage());
      }
    }
    if (keys.isEmpty()) {
      throw new BadInputException(
          "The key directory "
              + path
              + " holds no usable public key"
              + (skipped.isEmpty() ? " (it is empty)." : ": " + String.join(" ", skipped)),
          "Put the vendor's public key (" + ACCEPTED + ") in it, or give the key file itself.");
    }
    for (String reason : skipped) {
      listener.onEvent(Notice.warning("Skipped in the key directory: " + reason));
    }
    return List.copyOf(keys);
  }

  /** Reads one public key file. */
  public static TrustedKey read(Path file) throws BadInputException {
    byte[] bytes = SmallFiles.read(file, "public key", MAX_KEY_FILE);
    return parse(file, bytes);
  }

  /** Parses the text of a key file; {@code file} names it in messages. */
  public static TrustedKey parse(Path file, byte[] bytes) throws BadInputException {
    PemObject pem = Pem.firstBlock(file, bytes, "public key");
    String label = pem.getType();
    if (label.contains("PRIVATE KEY")) {
      throw new BadInputException(
          Phrase.of(
              file,
              " is a private key (PEM '",
              label,
              "'), not a public key: verification needs only the public key and must never"
                  + " be given the private one."),
          Phrase.of(
              "Use the .pub file published with it, e.g. the one ",
              Setting.KEYGEN,
              " or 'cosign generate-key-pair' wrote next to the .key."));
    }
    if (label.equals("CERTIFICATE")) {
      throw new BadInputException(
          file + " is a certificate, not a public key (cosign reads public keys only).",
          "Take the key out of it: openssl x509 -in " + file + " -pubkey -noout > key.pub");
    }
    if (label.equals("RSA PUBLIC KEY")) {
      return fromSpki(file, pkcs1ToSpki(file, pem.getContent()));
    }
    if (!label.equals("PUBLIC KEY")) {
      throw new BadInputException(
          file
              + " holds a PEM '"
              + label
              + "' block; cosign, like Airlock, reads only 'PUBLIC KEY' and 'RSA PUBLIC KEY'"
              + " blocks (sigstore: unknown Public key PEM file type).",
          "Write the key as a 'PUBLIC KEY' file: openssl pkey -pubin -in "
              + file
              + " -out key.pub (if openssl reads it), or ask the vendor for the cosign .pub file.");
    }
    return fromSpki(file, pem.getContent());
  }

  /**
   * Reads a DER SubjectPublicKeyInfo, e.g. one derived from a private key.
   *
   * @param file names the key in messages
   */
  public static TrustedKey fromSpki(Path file, byte[] der) throws BadInputException {
    SubjectPublicKeyInfo info;
    try {
      info = SubjectPublicKeyInfo.getInstance(der);
      if (info == null) {
        throw new IllegalArgumentException("empty");
      }
    } catch (RuntimeException e) {
      throw new BadInputException(
          file + " does not hold a valid public key: its PEM content is not DER.",
          "The file is damaged; get the vendor's public key again.",
          e);
    }
    ASN1ObjectIdentifier algorithm = info.getAlgorithm().getAlgorithm();
    if (info.getPublicKeyData().getPadBits() != 0) {
      // a key's BIT STRING holds whole bytes (found by fuzzing: BouncyCastle throws otherwise)
      throw damaged(file, "its key bits do not fill whole bytes");
    }
    byte[] keyBits = info.getPublicKeyData().getOctets();
    if (algorithm.equals(EC)) {
      return ecdsa(file, der, info, keyBits);
    }
    ASN1Encodable parameters = info.getAlgorithm().getParameters();
    if (algorithm.equals(RSA)) {
      if (!(parameters instanceof ASN1Null)) {
        // Go's x509.ParsePKIXPublicKey: "RSA key missing NULL parameters"
        throw damaged(file, "its RSA algorithm identifier lacks the NULL parameters");
      }
      return rsa(file, der);
    }
    if (algorithm.equals(ED25519)) {
      if (parameters != null) {
        throw damaged(file, "its Ed25519 algorithm identifier carries parameters");
      }
      if (!Ed25519.isValidPublicKey(keyBits)) {
        throw damaged(file, "its Ed25519 point does not decode");
      }
      return new TrustedKey(file, KeyType.ED25519, jdkKey(file, "Ed25519", der), der, 256, keyBits);
    }
    String name = OTHER_ALGORITHMS.getOrDefault(algorithm.getId(), "OID " + algorithm.getId());
    throw new BadInputException(
        file
            + " is "
            + article(name)
            + " "
            + name
            + " key, which cosign does not verify blobs with.",
        "Airlock, like cosign, accepts " + ACCEPTED + ".");
  }

  private static TrustedKey ecdsa(Path file, byte[] der, SubjectPublicKeyInfo info, byte[] point)
      throws BadInputException {
    KeyType type = null;
    if (info.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier curveOid) {
      type = KeyType.ofCurveOid(curveOid.getId());
      if (type == null) {
        String name = ECNamedCurveTable.getName(curveOid);
        throw new BadInputException(
            file
                + " is an ECDSA key on the curve "
                + (name != null ? name : curveOid.getId())
                + ", which cosign does not accept.",
            "Use a P-256, P-384 or P-521 key.");
      }
    } else {
      throw damaged(file, "its EC key names no curve (explicit curve parameters are refused)");
    }
    if (point.length != 1 + 2 * type.fieldBytes() || point[0] != 0x04) {
      // Go's x509 (and so cosign) reads uncompressed points only.
      throw damaged(file, "its EC point is not an uncompressed " + type.displayName() + " point");
    }
    X9ECParameters curve = CustomNamedCurves.getByName(type.curve());
    try {
      if (!curve.getCurve().decodePoint(point).isValid()) {
        throw new IllegalArgumentException("not on the curve");
      }
    } catch (IllegalArgumentException e) {
      throw damaged(file, "its point is not on the " + type.displayName() + " curve");
    }
    return new TrustedKey(
        file, type, jdkKey(file, "EC", der), der, curve.getCurve().getFieldSize(), null);
  }

  /**
   * Wraps a PKCS#1 RSAPublicKey (what Go's {@code x509.ParsePKCS1PublicKey} reads: the SEQUENCE and
   * nothing after it, a positive modulus and exponent) in a SubjectPublicKeyInfo, the form the
   * fingerprint is taken of, as {@code openssl pkey -pubin -outform DER} prints it.
   */
  private static byte[] pkcs1ToSpki(Path file, byte[] der) throws BadInputException {
    org.bouncycastle.asn1.pkcs.RSAPublicKey rsa;
    try {
      rsa = org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(ASN1Primitive.fromByteArray(der));
    } catch (IOException | RuntimeException e) {
      rsa = null;
    }
    if (rsa == null) { // an empty block decodes to null, not to an error (found by fuzzing)
      throw damaged(file, "its 'RSA PUBLIC KEY' block is not a PKCS#1 RSA public key");
    }
    if (rsa.getModulus().signum() <= 0
        || rsa.getPublicExponent().signum() <= 0
        || rsa.getPublicExponent().bitLength() > 31) {
      throw damaged(file, "its RSA modulus or exponent is out of range");
    }
    try {
      return new SubjectPublicKeyInfo(
              new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE), rsa)
          .getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw damaged(file, e.getMessage());
    }
  }

  private static TrustedKey rsa(Path file, byte[] der) throws BadInputException {
    PublicKey key = jdkKey(file, "RSA", der);
    int bits = ((RSAPublicKey) key).getModulus().bitLength();
    if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
      throw new BadInputException(
          file
              + " is a "
              + bits
              + "-bit RSA key; Airlock accepts RSA keys of "
              + MIN_RSA_BITS
              + " to "
              + MAX_RSA_BITS
              + " bits.",
          "Ask the vendor for a stronger key (RSA 3072, ECDSA P-256 or Ed25519).");
    }
    return new TrustedKey(file, KeyType.RSA, key, der, bits, null);
  }

  private static PublicKey jdkKey(Path file, String algorithm, byte[] der)
      throws BadInputException {
    try {
      return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw damaged(file, e.getMessage());
    }
  }

  private static String article(String name) {
    return "AEIOUXR".indexOf(name.charAt(0)) >= 0 ? "an" : "a";
  }

  private static BadInputException damaged(Path file, @Nullable String why) {
    return new BadInputException(
        file + " does not hold a valid public key: " + why + ".",
        "The key file is damaged or was edited; get the vendor's public key again.");
  }
}
