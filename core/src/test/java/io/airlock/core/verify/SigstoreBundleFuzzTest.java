package io.airlock.core.verify;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.airlock.core.BadInputException;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;

/**
 * Fuzz target: a Sigstore bundle or cosign's legacy bundle file, as {@code --bundle} reads it.
 * Allowed outcomes: a bundle, or {@link BadInputException}. Regression inputs (hand-written bundle
 * JSON): {@code src/test/resources/io/airlock/core/verify/SigstoreBundleFuzzTestInputs}.
 */
@Tag("fuzz")
class SigstoreBundleFuzzTest {

  private static final Path NAME = Path.of("fuzzed.sigstore.json");

  @FuzzTest(maxDuration = "5s")
  void bundleFile(byte[] bytes) {
    try {
      SigstoreBundle.parse(NAME, bytes);
    } catch (BadInputException e) {
      // refused with a message
    }
  }
}
