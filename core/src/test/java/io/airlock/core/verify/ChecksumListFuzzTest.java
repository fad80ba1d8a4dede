package io.airlock.core.verify;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.airlock.core.testing.FuzzInputs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;

/** Fuzzes checksum lists (sha256sum/sha512sum output, GNU and BSD tag forms). */
@Tag("fuzz")
class ChecksumListFuzzTest {

  static {
    FuzzInputs.seed(
        ChecksumListFuzzTest.class,
        "checksums",
        Map.of(
            "gnu",
            ("0".repeat(64) + "  bundle.tar.gz\n" + "1".repeat(128) + " *other\\nname\n")
                .getBytes(StandardCharsets.UTF_8),
            "tag",
            ("SHA256 (bundle.tar.gz) = " + "a".repeat(64) + "\n")
                .getBytes(StandardCharsets.UTF_8)));
  }

  @FuzzTest(maxDuration = "5s")
  void checksums(byte[] input) throws Exception {
    FuzzInputs.expectOnlyTypedErrors(
        () ->
            ChecksumFile.parse(
                Path.of("/fuzz/checksums.txt"), new String(input, StandardCharsets.UTF_8)));
  }
}
