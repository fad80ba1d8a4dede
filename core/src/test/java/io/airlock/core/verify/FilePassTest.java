package io.airlock.core.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.airlock.core.digest.HashAlgorithm;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.testing.RandomBytes;
import java.io.EOFException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One read feeding many hashes must give exactly what hashing each part alone gives. */
class FilePassTest {

  @TempDir Path dir;

  @Test
  void everyDigestAndRangeMatchesHashingAlone() throws Exception {
    byte[] content = RandomBytes.of(3 * FilePass.CHUNK + 777, 5);
    Path file = Files.write(dir.resolve("f"), content);
    long[][] spans = {
      {0, 0}, // empty, at the start
      {0, 10},
      {FilePass.CHUNK - 5, 10}, // across a chunk boundary
      {100, 2L * FilePass.CHUNK + 50}, // across two boundaries
      {content.length - 1, 1}, // the last byte
      {content.length, 0}, // empty, at the very end
      {200, 300}, // overlapping another range
    };
    List<FilePass.Range> ranges = new ArrayList<>();
    FilePass pass = new FilePass(file, "test", ProgressListener.NONE);
    for (long[] s : spans) {
      FilePass.Range r = new FilePass.Range(s[0], s[1], HashAlgorithm.SHA256.newDigest());
      ranges.add(r);
      pass.range(r);
    }
    MessageDigest extra = HashAlgorithm.SHA512.newDigest();
    extra.update("prefix".getBytes());
    pass.digest(HashAlgorithm.SHA256).digest(HashAlgorithm.SHA384).stream(extra);
    FilePass.Result result = pass.run();

    assertEquals(content.length, result.size());
    for (HashAlgorithm h : List.of(HashAlgorithm.SHA256, HashAlgorithm.SHA384)) {
      assertArrayEquals(h.newDigest().digest(content), result.digests().get(h), h.id());
    }
    MessageDigest expectedExtra = HashAlgorithm.SHA512.newDigest();
    expectedExtra.update("prefix".getBytes());
    assertArrayEquals(expectedExtra.digest(content), extra.digest());
    for (FilePass.Range r : ranges) {
      byte[] part = Arrays.copyOfRange(content, (int) r.offset(), (int) (r.offset() + r.size()));
      assertArrayEquals(
          HashAlgorithm.SHA256.newDigest().digest(part),
          result.ranges().get(r),
          "range at " + r.offset() + " of " + r.size());
    }
  }

  @Test
  void emptyFileGivesTheEmptyDigest() throws Exception {
    Path file = Files.write(dir.resolve("empty"), new byte[0]);
    FilePass.Result r =
        new FilePass(file, "test", ProgressListener.NONE).digest(HashAlgorithm.SHA512).run();
    assertArrayEquals(
        HashAlgorithm.SHA512.newDigest().digest(), r.digests().get(HashAlgorithm.SHA512));
  }

  @Test
  void rangePastTheEndIsATruncatedFile() throws Exception {
    Path file = Files.write(dir.resolve("short"), new byte[100]);
    FilePass pass =
        new FilePass(file, "test", ProgressListener.NONE)
            .range(new FilePass.Range(90, 20, HashAlgorithm.SHA256.newDigest()));
    EOFException e = assertThrows(EOFException.class, pass::run);
    assertEquals(
        file + " is truncated: it has 100 bytes, content runs to byte 110", e.getMessage());
  }

  @Test
  void interruptedPassStopsPromptly() throws Exception {
    byte[] content = new byte[8 * FilePass.CHUNK];
    Path file = Files.write(dir.resolve("big"), content);
    assertThrows(
        InterruptedIOException.class,
        () -> {
          Thread.currentThread().interrupt();
          try {
            new FilePass(file, "t", ProgressListener.NONE).digest(HashAlgorithm.SHA256).run();
          } finally {
            Thread.interrupted();
          }
        });
  }
}
