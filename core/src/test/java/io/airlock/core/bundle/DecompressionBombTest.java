package io.airlock.core.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.BadInputException;
import io.airlock.core.archive.Compression;
import io.airlock.core.archive.InputLimits;
import io.airlock.core.archive.LimitExceededException;
import io.airlock.core.archive.TarWriter;
import io.airlock.core.digest.Digest;
import io.airlock.core.digest.DigestAlgorithm;
import io.airlock.core.digest.Hashing;
import io.airlock.core.progress.Notice;
import io.airlock.core.progress.ProgressEvent;
import io.airlock.core.testing.Command;
import io.airlock.core.testing.Samples;
import io.airlock.core.testing.Trees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Decompression bombs, made at test time by the real tar, gzip and zstd and by Airlock's writer:
 * each is refused early with the limit it broke, and nothing of it is left in the work directory.
 */
class DecompressionBombTest {

  /** Far past the point where a bomb is refused (64 MiB), small enough to make in a second. */
  static final long BOMB = 512L << 20;

  /** Reserve 0 so that only the expansion limits are at work in these tests. */
  static final InputLimits LIMITS = new InputLimits(100, 1L << 40, 0);

  @TempDir static Path dir;
  static Path sample;

  @BeforeAll
  static void makeSample() {
    sample = Samples.k0rdent(dir.resolve("sample"), 2, 64 * 1024, 5).path();
  }

  static Bundle open(Path bundle, InputLimits limits, List<ProgressEvent> events) throws Exception {
    return new BundleOpener(dir.resolve("work"), events::add, limits).open(bundle);
  }

  static LimitExceededException refused(Path bundle) {
    return assertThrows(
        LimitExceededException.class, () -> open(bundle, LIMITS, new ArrayList<>()));
  }

  /** A bundle directory whose vendor/bomb.tar is a sparse file of zeros: read as BOMB zeros. */
  static Path treeWithZeros(String name, String member) throws IOException {
    Path tree = dir.resolve(name);
    Trees.copyTree(sample, tree);
    Path bomb = tree.resolve(member);
    Files.createDirectories(bomb.getParent());
    Command.ok("truncate", "-s", String.valueOf(BOMB), bomb.toString());
    return tree;
  }

  @ParameterizedTest
  @ValueSource(strings = {"zstd", "gzip"})
  void bombMadeByTheRealToolsIsRefusedEarly(String compressor) throws Exception {
    Path tree = treeWithZeros("zeros-" + compressor, "vendor/bomb.tar");
    Path bundle =
        dir.resolve("bomb-" + compressor + ".tar." + (compressor.equals("zstd") ? "zst" : "gz"));
    Command.ok("sh", "-c", "tar -C " + tree + " -cf - . | " + compressor + " -1 -c > " + bundle);
    assertTrue(Files.size(bundle) < BOMB / 150, "a bomb: " + Files.size(bundle) + " bytes");

    long started = System.nanoTime();
    LimitExceededException e = refused(bundle);
    long millis = (System.nanoTime() - started) / 1_000_000;

    assertEquals(InputLimits.Limit.EXPANSION_RATIO, e.limit());
    assertTrue(
        e.getMessage()
            .startsWith(
                "Refusing " + bundle + ": member vendor/bomb.tar expands" + " more than 100 times"),
        e.getMessage());
    assertTrue(e.getMessage().contains("decompression bomb"), e.getMessage());
    assertTrue(e.hint().orElseThrow().contains("AIRLOCK_MAX_EXPANSION"), e.hint().toString());
    assertTrue(millis < 20_000, "refused after " + millis + " ms");
    assertWorkDirectoryEmpty();
  }

  @Test
  void bombThatWouldBeWrittenIsRefusedBeforeItFillsTheDisk() throws Exception {
    // A blob is always written (its digest is checked as it streams): a bomb with a right digest.
    Digest zeros;
    try (InputStream in = zeros(256L << 20)) {
      zeros = Hashing.hash(in, DigestAlgorithm.SHA256).digest();
    }
    Path bundle = dir.resolve("blob-bomb.tar.zst");
    try (TarWriter tar = TarWriter.create(bundle, Compression.ZSTD)) {
      tar.addBytes("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes());
      tar.addStream("blobs/sha256/" + zeros.hex(), 256L << 20, zeros(256L << 20));
    }
    LimitExceededException e = refused(bundle);
    assertTrue(e.getMessage().contains("member blobs/sha256/" + zeros.hex()), e.getMessage());
    assertWorkDirectoryEmpty();
  }

  @Test
  void manySmallBombsAreRefusedForTheWholeArchive() throws Exception {
    Path bundle = dir.resolve("many.tar.gz");
    try (TarWriter tar = TarWriter.create(bundle, Compression.GZIP)) {
      tar.addDirectory("charts");
      for (int i = 0; i < 64; i++) {
        tar.addStream("vendor/bomb-" + i + ".tar", 16L << 20, zeros(16L << 20));
      }
    }
    LimitExceededException e = refused(bundle);
    assertTrue(
        e.getMessage().contains(": the archive expands more than 100 times"), e.getMessage());
    assertWorkDirectoryEmpty();
  }

  @Test
  void raisingTheLimitLetsTheSameFileThroughAndItsUselessMemberIsNotWritten() throws Exception {
    Path tree = treeWithZeros("zeros-raised", "vendor/bomb.tar");
    Path bundle = dir.resolve("raised.tar.zst");
    Command.ok("sh", "-c", "tar -C " + tree + " -cf - . | zstd -1 -c > " + bundle);
    List<ProgressEvent> events = new ArrayList<>();
    Bundle opened = open(bundle, new InputLimits(1e12, 1L << 40, 0), events);
    assertEquals(2, opened.images().size());
    assertFalse(Files.exists(opened.unpackedTo().resolve("vendor/bomb.tar")), "not written");
    assertTrue(
        events.stream()
            .anyMatch(
                ev ->
                    ev instanceof Notice n
                        && n.message()
                            .startsWith("Skipped vendor/bomb.tar of raised.tar.zst (537 MB)")),
        events.toString());
  }

  @Test
  void largeFilesOfUnknownKindAreSkippedAndUsefulOnesKept() throws Exception {
    Path tree = dir.resolve("with-extras");
    Trees.copyTree(sample, tree);
    byte[] noise = new byte[6 << 20];
    new Random(1).nextBytes(noise);
    Files.write(tree.resolve("video.bin"), noise);
    Files.write(tree.resolve("notes.txt"), "small files are kept".getBytes());
    Path bundle = Trees.pack(tree, dir.resolve("extras.tar.gz"), Compression.GZIP);
    List<ProgressEvent> events = new ArrayList<>();
    Bundle opened = open(bundle, LIMITS, events);
    assertFalse(Files.exists(opened.unpackedTo().resolve("video.bin")));
    assertTrue(Files.exists(opened.unpackedTo().resolve("notes.txt")));
    assertEquals(2, opened.images().size());
    assertEquals(1, events.stream().filter(Notice.class::isInstance).count(), events.toString());
  }

  @Test
  void limitsComeFromTheEnvironmentAndBadValuesAreNamed() throws Exception {
    InputLimits limits =
        InputLimits.fromEnvironment(
            Map.of(
                "AIRLOCK_MAX_EXPANSION",
                "500",
                "AIRLOCK_MAX_UNPACKED",
                "2T",
                "AIRLOCK_DISK_RESERVE",
                "512M"));
    assertEquals(new InputLimits(500, 2L << 40, 512L << 20), limits);
    assertEquals(InputLimits.DEFAULT, InputLimits.fromEnvironment(Map.of()));
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () -> InputLimits.fromEnvironment(Map.of("AIRLOCK_MAX_UNPACKED", "lots")));
    assertEquals("AIRLOCK_MAX_UNPACKED is 'lots', not a size.", e.getMessage());
  }

  @Test
  void sizeLimitIsKeptToo() throws Exception {
    Path bundle = Trees.pack(sample, dir.resolve("sized.tar.gz"), Compression.GZIP);
    LimitExceededException e =
        assertThrows(
            LimitExceededException.class,
            () -> open(bundle, new InputLimits(100, 100_000, 0), new ArrayList<>()));
    assertEquals(InputLimits.Limit.UNPACKED_SIZE, e.limit());
    assertTrue(e.getMessage().contains("unpacks to more than 100 KB"), e.getMessage());
    assertWorkDirectoryEmpty();
  }

  static InputStream zeros(long size) {
    return new InputStream() {
      long left = size;

      @Override
      public int read() {
        return left-- > 0 ? 0 : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left <= 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        java.util.Arrays.fill(b, off, off + n, (byte) 0);
        left -= n;
        return n;
      }
    };
  }

  static void assertWorkDirectoryEmpty() throws IOException {
    Path work = dir.resolve("work");
    if (Files.isDirectory(work)) {
      try (Stream<Path> s = Files.list(work)) {
        List<Path> left = s.filter(p -> p.getFileName().toString().endsWith(".partial")).toList();
        assertEquals(List.of(), left, "nothing half-written is left");
      }
    }
  }
}
