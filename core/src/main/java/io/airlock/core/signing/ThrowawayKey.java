package io.airlock.core.signing;

import io.airlock.core.AirlockException;
import io.airlock.core.progress.ProgressListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Signs a file as a vendor would, with a fresh key that is thrown away: what {@code airlock demo},
 * the wizard's tests and the benchmarks use to show the real signature check on a sample bundle. A
 * real bundle is verified with its vendor's key instead.
 */
public final class ThrowawayKey {

  private ThrowawayKey() {}

  /**
   * Writes {@code FILE.sig} (base64, as {@code cosign sign-blob} writes it) and a key pair named
   * {@code keyPrefix} ({@code .key}, {@code .pub}).
   *
   * @return the public key that verifies the signature
   */
  public static Path sign(Path file, String keyPrefix, ProgressListener listener)
      throws IOException, AirlockException {
    byte[] password = new byte[24];
    new SecureRandom().nextBytes(password);
    byte[] encoded = Base64.getEncoder().encode(password);
    KeyPairs.Written written = KeyPairs.generate(keyPrefix, SigningAlgorithm.ECDSA_P256, encoded);
    SigningKey signingKey = PrivateKeyReader.read(written.privateKey(), confirm -> encoded.clone());
    BlobSigner.Signed signed = new BlobSigner(listener).sign(file, signingKey, null);
    Files.writeString(
        Path.of(file + ".sig"),
        Base64.getEncoder().encodeToString(signed.signature()),
        StandardCharsets.US_ASCII);
    return written.publicKey();
  }
}
