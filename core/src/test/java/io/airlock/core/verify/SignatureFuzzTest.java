package io.airlock.core.verify;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.airlock.core.BadInputException;
import io.airlock.core.digest.HashAlgorithm;
import io.airlock.core.keys.PublicKeyReader;
import io.airlock.core.keys.TrustedKey;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;

/**
 * Fuzz target: a detached signature file's bytes (base64 text or raw) checked against each kind of
 * key, with any pinned hash and either Ed25519 rule. Allowed outcome: a verdict, never an
 * exception; and a random signature never verifies.
 */
@Tag("fuzz")
class SignatureFuzzTest {

  private static final List<TrustedKey> KEYS = keys();

  @FuzzTest(maxDuration = "5s")
  void detachedSignature(FuzzedDataProvider data) {
    TrustedKey key = data.pickValue(KEYS);
    HashAlgorithm pinned = data.consumeBoolean() ? null : data.pickValue(HashAlgorithm.values());
    SignatureCheck.Ed25519Schemes schemes = data.pickValue(SignatureCheck.Ed25519Schemes.values());
    byte[] text = data.consumeBytes(data.consumeInt(0, 700));
    byte[] content = data.consumeRemainingAsBytes();
    SignatureText signature = SignatureText.decode(text);
    SignatureCheck.Outcome outcome =
        new SignatureCheck(key, signature.bytes(), pinned, schemes).finish(content);
    assertFalse(outcome.valid(), "a fuzzed signature verified");
  }

  private static List<TrustedKey> keys() {
    List<TrustedKey> keys = new ArrayList<>();
    try {
      for (String curve : List.of("secp256r1", "secp384r1", "secp521r1")) {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        keys.add(spki(g.generateKeyPair().getPublic().getEncoded()));
      }
      KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
      rsa.initialize(2048);
      keys.add(spki(rsa.generateKeyPair().getPublic().getEncoded()));
      keys.add(
          spki(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded()));
    } catch (GeneralSecurityException | BadInputException e) {
      throw new IllegalStateException(e);
    }
    return List.copyOf(keys);
  }

  private static TrustedKey spki(byte[] der) throws BadInputException {
    return PublicKeyReader.fromSpki(Path.of("key.pub"), der);
  }
}
