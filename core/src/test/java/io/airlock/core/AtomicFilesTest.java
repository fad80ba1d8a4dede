package io.airlock.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @TempDir Path dir;

  @Test
  void replacesTheFileWholeAndLeavesNothingElse() throws IOException {
    Path target = dir.resolve("reports/report.json");
    AtomicFiles.write(target, "old".getBytes());
    AtomicFiles.write(target, "new".getBytes());
    assertEquals("new", Files.readString(target));
    assertEquals(List.of("report.json"), names(target.getParent()));
  }

  @Test
  void aFailedRenameLeavesNoPartialFile() throws IOException {
    // A non-empty directory where the file should go: the rename fails after the bytes are out.
    Path target = Files.createDirectories(dir.resolve("taken"));
    Files.writeString(target.resolve("inside"), "x");
    assertThrows(IOException.class, () -> AtomicFiles.write(target, "bytes".getBytes()));
    assertEquals(List.of("taken"), names(dir));
  }

  private static List<String> names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
