package io.airlock.installer.cluster;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.airlock.core.BadInputException;
import io.airlock.core.testing.FuzzInputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Tag;

/**
 * Fuzz target: a kubeconfig file, read for its contexts (as the wizard does) and loaded as a
 * connection's configuration (as {@code --kubeconfig} does, short of building the client). Allowed
 * outcomes: a result, or {@link BadInputException}. Regression inputs: {@code
 * src/test/resources/io/airlock/installer/cluster/KubeconfigFuzzTestInputs}.
 */
@Tag("fuzz")
class KubeconfigFuzzTest {

  private static final Path FILE = file();

  @FuzzTest(maxDuration = "5s")
  void kubeconfigFile(byte[] bytes) throws IOException {
    Files.write(FILE, bytes);
    try {
      Kubeconfig.read(FILE);
    } catch (BadInputException e) {
      // refused with a message
    }
    try {
      KubeConnection.load(FILE, null, Instant.EPOCH);
    } catch (BadInputException e) {
      // refused with a message
    }
  }

  private static Path file() {
    return FuzzInputs.scratch("kubeconfig").resolve("config");
  }
}
