package io.airlock.core.signing;

import io.airlock.core.BadInputException;
import io.airlock.core.digest.HashAlgorithm;
import io.airlock.core.keys.Ed25519;
import io.airlock.core.keys.KeyType;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.verify.FilePass;
import io.airlock.core.verify.SignatureCheck;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Signs a file the way {@code cosign sign-blob --key} does, streaming, so a 20 GB bundle needs no
 * more memory than a small one. ECDSA signs the key's own hash (SHA-256 for P-256, SHA-384 for
 * P-384, SHA-512 for P-521, as cosign v3 does) unless a hash is pinned; RSA is PKCS#1 v1.5 with
 * SHA-256; Ed25519 is pure Ed25519, which cosign v2, openssl and Airlock verify.
 *
 * <p>Pure Ed25519 hashes the message twice (once for the nonce, once for k = SHA-512(R || A || M)),
 * so an Ed25519 signature reads the file twice; the nonce is derived from the key, the message's
 * SHA-512 and fresh randomness, and [r]B is computed by BouncyCastle's constant-time code. Every
 * signature is checked against the public key before it is returned.
 */
public final class BlobSigner {

  private final ProgressListener listener;

  public BlobSigner(ProgressListener listener) {
    this.listener = listener;
  }

  /** What signing produced. */
  public record Signed(byte[] signature, String scheme, long size) {}

  /**
   * @param pinned the hash for ECDSA/RSA (cosign's --signature-digest-algorithm), or null
   */
  public Signed sign(Path file, SigningKey key, @Nullable HashAlgorithm pinned)
      throws BadInputException, IOException {
    if (key.type() == KeyType.ED25519) {
      return signEd25519(file, key);
    }
    HashAlgorithm hash =
        pinned != null
            ? pinned
            : key.type() == KeyType.RSA ? HashAlgorithm.SHA256 : key.type().defaultHash();
    FilePass.Result pass = new FilePass(file, "sign", listener).digest(hash).run();
    byte[] digest = Objects.requireNonNull(pass.digests().get(hash));
    byte[] signature;
    try {
      if (key.type() == KeyType.RSA) {
        Signature rsa = Signature.getInstance("NONEwithRSA");
        rsa.initSign(key.jdkKey());
        rsa.update(hash.digestInfo(digest));
        signature = rsa.sign();
      } else {
        Signature ecdsa = Signature.getInstance("NONEwithECDSA");
        ecdsa.initSign(key.jdkKey(), new SecureRandom());
        ecdsa.update(digest);
        signature = ecdsa.sign();
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK could not sign with " + key, e);
    }
    SignatureCheck.Outcome check =
        new SignatureCheck(key.publicKey(), signature, hash).finish(pass.digests());
    if (!check.valid()) {
      throw new IllegalStateException("a fresh signature did not verify: " + check.problem());
    }
    return new Signed(signature, Objects.requireNonNull(check.scheme()), pass.size());
  }

  private Signed signEd25519(Path file, SigningKey key) throws BadInputException, IOException {
    byte[] seed = key.ed25519Seed();
    byte[] expanded = HashAlgorithm.SHA512.newDigest().digest(seed);
    BigInteger s = Ed25519.fromLittleEndian(clamp(Arrays.copyOf(expanded, 32)));
    byte[] publicKey = Objects.requireNonNull(key.publicKey().ed25519());

    FilePass.Result first = new FilePass(file, "sign", listener).digest(HashAlgorithm.SHA512).run();
    byte[] messageHash = first.digests().get(HashAlgorithm.SHA512);

    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    MessageDigest nonceHash = HashAlgorithm.SHA512.newDigest();
    nonceHash.update(expanded, 32, 32);
    nonceHash.update(messageHash);
    nonceHash.update(random);
    byte[] nonceSeed = Arrays.copyOf(nonceHash.digest(), 32);
    byte[] encodedR = new byte[32];
    org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(nonceSeed, 0, encodedR, 0);
    byte[] nonceExpanded = HashAlgorithm.SHA512.newDigest().digest(nonceSeed);
    BigInteger r = Ed25519.fromLittleEndian(clamp(Arrays.copyOf(nonceExpanded, 32)));

    byte[] partial = Arrays.copyOf(encodedR, 64);
    MessageDigest hram = Ed25519.startHash(publicKey, partial);
    FilePass.Result second =
        new FilePass(file, "sign", listener).digest(HashAlgorithm.SHA512).stream(hram).run();
    if (!MessageDigest.isEqual(messageHash, second.digests().get(HashAlgorithm.SHA512))) {
      throw new BadInputException(
          file + " changed while it was being signed.",
          "Sign it again once nothing is writing to it.");
    }
    byte[] k = hram.digest();
    BigInteger sScalar = r.add(Ed25519.reduce(k).multiply(s)).mod(Ed25519.L);
    byte[] signature = Arrays.copyOf(encodedR, 64);
    System.arraycopy(Ed25519.encodeScalar(sScalar), 0, signature, 32, 32);
    if (!Ed25519.verify(publicKey, signature, k)) {
      throw new IllegalStateException("a fresh Ed25519 signature did not verify");
    }
    return new Signed(signature, "Ed25519", second.size());
  }

  /** RFC 8032's pruning of the secret scalar. */
  private static byte[] clamp(byte[] h) {
    h[0] &= (byte) 248;
    h[31] &= 127;
    h[31] |= 64;
    return h;
  }
}
