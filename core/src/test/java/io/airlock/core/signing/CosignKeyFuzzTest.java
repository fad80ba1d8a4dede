package io.airlock.core.signing;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.airlock.core.BadInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;

/**
 * Fuzz target: the JSON inside a cosign encrypted private key ({@code ENCRYPTED SIGSTORE PRIVATE
 * KEY}), decrypted and read as a key. Allowed outcomes: a key, or {@link BadInputException} (also
 * for a wrong password); scrypt's parameters are bounded, so no input makes it spend unbounded
 * memory or time.
 */
@Tag("fuzz")
class CosignKeyFuzzTest {

  private static final Path NAME = Path.of("fuzzed.key");
  private static final byte[] PASSWORD = "fuzz".getBytes(StandardCharsets.UTF_8);

  @FuzzTest(maxDuration = "5s")
  void encryptedKeyJson(byte[] json) {
    try {
      byte[] pkcs8 = EncryptedKeyFile.decrypt(NAME, json, PASSWORD);
      PrivateKeyReader.fromPkcs8(NAME, pkcs8, true);
    } catch (BadInputException e) {
      // refused with a message
    }
  }
}
