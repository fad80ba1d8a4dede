package io.airlock.core.verify;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.airlock.core.BadInputException;
import io.airlock.core.keys.PublicKeyReader;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;

/**
 * Fuzz target: a public key file, as {@code --key} reads it. The only outcomes allowed are a key or
 * Airlock's own {@link BadInputException}; anything else (another exception, an Error, a hang) is a
 * finding. Regression inputs: {@code
 * src/test/resources/io/airlock/core/verify/PublicKeyFuzzTestInputs}.
 */
@Tag("fuzz")
class PublicKeyFuzzTest {

  private static final Path NAME = Path.of("fuzzed.pub");

  @FuzzTest(maxDuration = "5s")
  void publicKeyFile(byte[] bytes) {
    try {
      PublicKeyReader.parse(NAME, bytes);
    } catch (BadInputException e) {
      // refused with a message: the expected outcome for most inputs
    }
  }
}
