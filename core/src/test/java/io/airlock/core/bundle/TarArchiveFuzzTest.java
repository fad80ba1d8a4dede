package io.airlock.core.bundle;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.airlock.core.archive.Compression;
import io.airlock.core.archive.InputLimits;
import io.airlock.core.archive.TarWriter;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.testing.FuzzInputs;
import io.airlock.core.testing.Samples;
import io.airlock.core.testing.Trees;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Tag;

/**
 * Fuzzes tar members and headers as a bundle, read in place (.tar) and streamed from .tar.gz and
 * .tar.zst: the first byte picks the form, the rest is the tar (compressed by the target, so the
 * fuzzer works on the tar's structure), or with form 3 a compressed stream as it is.
 */
@Tag("fuzz")
class TarArchiveFuzzTest {

  static final Path DIR = FuzzInputs.scratch("tar");
  static final InputLimits LIMITS = new InputLimits(100, 256L << 20, 0);

  static {
    Path sample = Samples.k0rdent(DIR.resolve("sample"), 1, 512, 1).path();
    byte[] tar = read(Trees.pack(sample, DIR.resolve("sample.tar"), Compression.NONE));
    FuzzInputs.seed(
        TarArchiveFuzzTest.class,
        "tarBundle",
        Map.of("tar", form(0, tar), "gzip", form(1, tar), "zstd", form(2, tar)));
  }

  static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static byte[] form(int form, byte[] rest) {
    byte[] input = new byte[rest.length + 1];
    input[0] = (byte) form;
    System.arraycopy(rest, 0, input, 1, rest.length);
    return input;
  }

  @FuzzTest(maxDuration = "5s")
  void tarBundle(byte[] input) throws Exception {
    if (input.length < 1) {
      return;
    }
    byte[] rest = Arrays.copyOfRange(input, 1, input.length);
    int form = input[0] & 3;
    Path file = DIR.resolve(form == 0 ? "b.tar" : form == 2 ? "b.tar.zst" : "b.tar.gz");
    if (form == 1 || form == 2) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (OutputStream out =
          TarWriter.compress(bytes, form == 1 ? Compression.GZIP : Compression.ZSTD)) {
        out.write(rest);
      }
      rest = bytes.toByteArray();
    }
    Files.write(file, rest);
    Path work = Files.createDirectories(DIR.resolve("work"));
    try {
      FuzzInputs.expectOnlyTypedErrors(
          () -> new BundleOpener(work, ProgressListener.NONE, LIMITS).open(file));
    } finally {
      FuzzInputs.clear(work);
    }
  }
}
