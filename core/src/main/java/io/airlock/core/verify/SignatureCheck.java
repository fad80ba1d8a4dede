package io.airlock.core.verify;

import io.airlock.core.digest.HashAlgorithm;
import io.airlock.core.keys.Ed25519;
import io.airlock.core.keys.KeyType;
import io.airlock.core.keys.TrustedKey;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Checks one signature against one key, over digests computed elsewhere, so that any number of
 * checks (and checksum lines) share a single pass over the signed file.
 *
 * <p>Which hashes are tried: an ECDSA signature is accepted over the key's own hash (SHA-384 for
 * P-384, SHA-512 for P-521) or over SHA-256, because cosign up to v3.1 signed and verified every
 * ECDSA and RSA key with SHA-256 while newer cosign and sigstore-java sign with the key's own hash.
 * Both are strong hashes and the signer had to hold the private key either way, so accepting both
 * adds no forgery. RSA is PKCS#1 v1.5 with SHA-256. A pinned hash (cosign's {@code
 * --signature-digest-algorithm}) replaces the ECDSA/RSA choice.
 *
 * <p>Encodings, as sigstore's ECDSA verifier reads them (since sigstore v1.8.3): ASN.1 DER; when
 * the bytes are not ASN.1 at all, IEEE P1363 r||s (an even length up to 132 bytes, split in half).
 * Ed25519 is pure Ed25519, and Ed25519ph over SHA-512 only where cosign accepts it too ({@link
 * Ed25519Schemes}).
 */
public final class SignatureCheck {

  /** How a signature verified, for the report: e.g. "ECDSA P-384 with SHA-384". */
  public record Outcome(boolean valid, @Nullable String scheme, @Nullable String problem) {
    static Outcome valid(String scheme) {
      return new Outcome(true, scheme, null);
    }

    static Outcome invalid(String problem) {
      return new Outcome(false, null, problem);
    }
  }

  /** Which Ed25519 schemes a signature may use. */
  public enum Ed25519Schemes {
    /**
     * Pure Ed25519 only: what {@code cosign verify-blob --key --signature} accepts (its verifier
     * comes from {@code signature.LoadVerifier}, the pure scheme), and DSSE envelopes.
     */
    PURE,
    /**
     * Pure Ed25519 or Ed25519ph: what cosign accepts in a Sigstore bundle's message signature
     * (cosign v3 signs hashedrekord bundles with Ed25519ph, older ones with pure Ed25519).
     */
    PURE_OR_PREHASH
  }

  private static final int MAX_P1363_BYTES = 132;

  private final TrustedKey key;
  private final byte[] signature;
  private final List<HashAlgorithm> hashes;
  private final @Nullable MessageDigest pureEd25519;
  private final Ed25519Schemes ed25519Schemes;

  /** A check of a detached signature: pure Ed25519 only, as cosign. */
  public SignatureCheck(TrustedKey key, byte[] signature, @Nullable HashAlgorithm pinned) {
    this(key, signature, pinned, Ed25519Schemes.PURE);
  }

  /**
   * @param pinned the only hash to try for ECDSA and RSA, or null for the rule above
   * @param ed25519Schemes which Ed25519 schemes to accept (ignored for other keys)
   */
  public SignatureCheck(
      TrustedKey key,
      byte[] signature,
      @Nullable HashAlgorithm pinned,
      Ed25519Schemes ed25519Schemes) {
    this.key = key;
    this.signature = signature.clone();
    this.ed25519Schemes = ed25519Schemes;
    Set<HashAlgorithm> tried = new LinkedHashSet<>();
    if (key.type() == KeyType.ED25519) {
      tried.add(HashAlgorithm.SHA512);
    } else if (pinned != null) {
      tried.add(pinned);
    } else {
      tried.add(key.type().defaultHash());
      tried.add(HashAlgorithm.SHA256);
    }
    this.hashes = List.copyOf(tried);
    this.pureEd25519 =
        key.type() == KeyType.ED25519
            ? Ed25519.startHash(Objects.requireNonNull(key.ed25519()), signature)
            : null;
  }

  public TrustedKey key() {
    return key;
  }

  /**
   * The plain digests of the signed content this check needs. For Ed25519 that is SHA-512, the
   * prehash of Ed25519ph: accepted where cosign accepts it, and otherwise used to tell the user
   * that a signature is Ed25519ph rather than wrong.
   */
  public List<HashAlgorithm> hashesNeeded() {
    return hashes;
  }

  /** A hash to feed the signed content to besides the plain digests (pure Ed25519), or null. */
  public @Nullable MessageDigest extraStream() {
    return pureEd25519;
  }

  /**
   * Decides, once the pass is over.
   *
   * @param digests the plain digests of the signed content, at least {@link #hashesNeeded}
   */
  public Outcome finish(Map<HashAlgorithm, byte[]> digests) {
    String shapeProblem = shapeProblem();
    if (shapeProblem != null) {
      return Outcome.invalid(shapeProblem);
    }
    try {
      if (key.type() == KeyType.ED25519) {
        return finishEd25519(digests.get(HashAlgorithm.SHA512));
      }
      BigInteger[] p1363 = key.type().isEcdsa() ? p1363() : null;
      for (HashAlgorithm hash : hashes) {
        if (verifyDigest(hash, digests.get(hash))) {
          return Outcome.valid(
              key.algorithm()
                  + " with "
                  + hash.displayName()
                  + (p1363 != null ? " (IEEE P1363 r||s)" : ""));
        }
      }
      if (p1363 != null) {
        EcdsaDer.Parsed der = EcdsaDer.parse(signature);
        return Outcome.invalid(
            der.truncated()
                ? "the signature is truncated: " + der.problem()
                : mismatch()
                    + " (the signature is not ASN.1, so it was read as IEEE P1363 r||s of "
                    + signature.length
                    + " bytes, as sigstore does"
                    + (otherKind() != null ? "; it is also " + otherKind() + ")" : ")"));
      }
      return Outcome.invalid(mismatch());
    } catch (GeneralSecurityException e) {
      return Outcome.invalid("the signature could not be checked: " + e.getMessage());
    }
  }

  private Outcome finishEd25519(byte @Nullable [] sha512) {
    byte[] publicKey = Objects.requireNonNull(key.ed25519());
    if (Ed25519.verify(publicKey, signature, Objects.requireNonNull(pureEd25519).digest())) {
      return Outcome.valid("Ed25519");
    }
    boolean prehash =
        sha512 != null
            && org.bouncycastle.math.ec.rfc8032.Ed25519.verifyPrehash(
                signature, 0, publicKey, 0, new byte[0], sha512, 0);
    if (prehash && ed25519Schemes == Ed25519Schemes.PURE_OR_PREHASH) {
      return Outcome.valid("Ed25519ph (SHA-512 prehash)");
    }
    if (prehash) {
      return Outcome.invalid(
          "the signature is Ed25519ph (over a SHA-512 prehash, as cosign v3 makes for Sigstore"
              + " bundles), and cosign verify-blob accepts a detached Ed25519 signature only in"
              + " the pure Ed25519 scheme");
    }
    return Outcome.invalid(mismatch());
  }

  /** Checks a signature over a small document held in memory, e.g. a DSSE envelope's PAE. */
  public Outcome finish(byte[] content) {
    Map<HashAlgorithm, byte[]> digests = new EnumMap<>(HashAlgorithm.class);
    for (HashAlgorithm h : hashes) {
      digests.put(h, h.newDigest().digest(content));
    }
    if (pureEd25519 != null) {
      pureEd25519.update(content);
    }
    return finish(digests);
  }

  /** Verifies over a digest already computed, as cosign's verifiers do with WithDigest. */
  boolean verifyDigest(HashAlgorithm hash, byte @Nullable [] digest)
      throws GeneralSecurityException {
    if (key.type() == KeyType.RSA) {
      Signature rsa = Signature.getInstance("NONEwithRSA");
      rsa.initVerify(key.key());
      // the caller gives a digest of each hash needed; without one this fails as it always did
      rsa.update(hash.digestInfo(Objects.requireNonNull(digest)));
      return rsa.verify(signature);
    }
    BigInteger[] rs = p1363();
    if (rs == null) {
      EcdsaDer.Parsed parsed = EcdsaDer.parse(signature);
      rs = new BigInteger[] {parsed.r(), parsed.s()};
    }
    BigInteger order = ((ECPublicKey) key.key()).getParams().getOrder();
    for (BigInteger n : rs) {
      if (n.signum() <= 0 || n.compareTo(order) >= 0) {
        return false;
      }
    }
    Signature ecdsa = Signature.getInstance("NONEwithECDSAinP1363Format");
    ecdsa.initVerify(key.key());
    ecdsa.update(digest);
    int n = key.type().fieldBytes();
    byte[] fixed = new byte[2 * n];
    copyRight(rs[0], fixed, 0, n);
    copyRight(rs[1], fixed, n, n);
    return ecdsa.verify(fixed);
  }

  /**
   * (r, s) when sigstore reads this ECDSA signature as IEEE P1363: it is not even lenient ASN.1 and
   * has an even length of at most 132 bytes; null otherwise.
   */
  private BigInteger @Nullable [] p1363() {
    int length = signature.length;
    if (EcdsaDer.parse(signature).ok()
        || EcdsaDer.goAsn1Parses(signature)
        || length == 0
        || length > MAX_P1363_BYTES
        || length % 2 != 0) {
      return null;
    }
    int half = length / 2;
    return new BigInteger[] {
      new BigInteger(1, Arrays.copyOfRange(signature, 0, half)),
      new BigInteger(1, Arrays.copyOfRange(signature, half, length))
    };
  }

  private static void copyRight(BigInteger value, byte[] out, int off, int len) {
    byte[] b = value.toByteArray();
    int start = b.length > len ? b.length - len : 0; // drop the sign byte; range checked above
    System.arraycopy(b, start, out, off + len - (b.length - start), b.length - start);
  }

  private String mismatch() {
    return "the signature does not match: the file is not what was signed, or it was signed with"
        + " another key than "
        + key.describe();
  }

  /**
   * Why the bytes cannot be a signature of this key's type at all: truncated, or made by another
   * kind of key. Null when the shape is right.
   */
  @Nullable String shapeProblem() {
    int length = signature.length;
    if (length == 0) {
      return "the signature is empty";
    }
    EcdsaDer.Parsed der = EcdsaDer.parse(signature);
    String other = otherKind();
    switch (key.type()) {
      case ED25519 -> {
        if (length == Ed25519.SIGNATURE_BYTES) {
          byte[] s = Arrays.copyOfRange(signature, 32, 64);
          if (Ed25519.fromLittleEndian(s).compareTo(Ed25519.L) >= 0) {
            return "the signature is not a valid Ed25519 signature (its S value is out of range)";
          }
          return null;
        }
        if (der.ok()) {
          return wrongType("an ECDSA signature (ASN.1 DER)");
        }
        if (length < Ed25519.SIGNATURE_BYTES) {
          return "the signature is truncated: it has "
              + length
              + " bytes, an Ed25519 signature has 64";
        }
        return other != null
            ? wrongType(other)
            : "the signature has " + length + " bytes, an Ed25519 signature has 64";
      }
      case RSA -> {
        int expected = (((RSAPublicKey) key.key()).getModulus().bitLength() + 7) / 8;
        if (length == expected) {
          return null;
        }
        if (der.ok()) {
          return wrongType("an ECDSA signature (ASN.1 DER)");
        }
        if (length == Ed25519.SIGNATURE_BYTES) {
          return wrongType("a 64-byte value, the shape of an Ed25519 signature");
        }
        if (length < expected) {
          return "the signature is truncated: it has "
              + length
              + " bytes, a signature of "
              + key.algorithm()
              + " has "
              + expected;
        }
        return "the signature has "
            + length
            + " bytes, a signature of "
            + key.algorithm()
            + " has "
            + expected;
      }
      default -> {
        if (!der.ok()) {
          if (p1363() != null) {
            return null; // sigstore's fallback: verified as r||s
          }
          if (EcdsaDer.goAsn1Parses(signature)) {
            // sigstore: "invalid signature when validating ASN.1 encoded signature"
            return "the signature is ASN.1 but not a valid DER ECDSA signature: " + der.problem();
          }
          if (der.truncated()) {
            return "the signature is truncated: " + der.problem();
          }
          if (other != null) {
            return wrongType(other);
          }
          return "the signature is neither an ECDSA signature in ASN.1 DER ("
              + der.problem()
              + ") nor IEEE P1363 r||s (an even number of bytes, at most 132)";
        }
        int maxBytes = key.type().fieldBytes();
        // a signature that parsed has both numbers
        BigInteger r = Objects.requireNonNull(der.r());
        BigInteger s = Objects.requireNonNull(der.s());
        if (r.bitLength() > 8 * maxBytes || s.bitLength() > 8 * maxBytes) {
          return wrongType("an ECDSA signature made with a larger curve than " + key.algorithm());
        }
        return null;
      }
    }
  }

  /** What another kind of key would have made, judging by the length; null when unclear. */
  private @Nullable String otherKind() {
    int length = signature.length;
    if (length == Ed25519.SIGNATURE_BYTES && key.type() != KeyType.ED25519) {
      return "a 64-byte value, the shape of an Ed25519 signature";
    }
    if (length == 256 || length == 384 || length == 512) {
      return "a " + length + "-byte value, the shape of an RSA-" + (8 * length) + " signature";
    }
    return null;
  }

  private String wrongType(String what) {
    return "wrong key type for the signature: it is "
        + what
        + " but the key "
        + key.source().getFileName()
        + " is "
        + key.algorithm();
  }
}
