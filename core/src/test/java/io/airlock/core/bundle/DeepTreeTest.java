package io.airlock.core.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.archive.InputLimits;
import io.airlock.core.archive.LimitExceededException;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.testing.Command;
import io.airlock.core.testing.Samples;
import io.airlock.core.testing.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tree 2,000 levels deep, as a bundle directory and inside archives made by the real tar: refused
 * with the depth limit, never a StackOverflowError; trees of a real depth are read as before.
 */
class DeepTreeTest {

  @TempDir static Path dir;
  static Path sample;
  static Path deep;

  @BeforeAll
  static void makeTrees() {
    sample = Samples.k0rdent(dir.resolve("sample"), 2, 8 * 1024, 4).path();
    deep = dir.resolve("deep");
    Trees.copyTree(sample, deep);
    // Longer than PATH_MAX as a whole: made one level at a time, as an attacker would.
    Command.ok(
        "sh",
        "-c",
        "cd "
            + deep
            + "/k0sproject && for i in $(seq 2000); do mkdir d && cd d || exit 1; done"
            + " && echo x > x.tar");
  }

  /** JUnit's clean-up of a tree this deep takes minutes; rm takes a moment. */
  @AfterAll
  static void removeDeepTree() {
    Command.ok("rm", "-rf", deep.toString());
  }

  static LimitExceededException refused(Path bundle) {
    return assertThrows(
        LimitExceededException.class,
        () ->
            new BundleOpener(dir.resolve("work"), ProgressListener.NONE, InputLimits.DEFAULT)
                .open(bundle));
  }

  static void assertDepthRefused(Path bundle) {
    LimitExceededException e = refused(bundle);
    assertEquals(InputLimits.Limit.DEPTH, e.limit());
    assertTrue(e.getMessage().startsWith("Refusing " + bundle), e.getMessage());
    assertTrue(e.getMessage().contains(" is 65 levels deep;"), e.getMessage());
  }

  @Test
  void deepBundleDirectoryIsRefused() {
    assertDepthRefused(deep);
  }

  @Test
  void deepTreesInArchivesMadeByRealTarAreRefused() {
    Path tar = dir.resolve("deep.tar");
    Command.ok("tar", "-C", deep.toString(), "-cf", tar.toString(), ".");
    for (Path form : Trees.withCompressedForms(tar)) {
      assertDepthRefused(form);
    }
  }

  @Test
  void realDepthsAreReadIteratively() throws Exception {
    Path nested = dir.resolve("nested");
    Trees.copyTree(sample, nested);
    Path archive = Trees.firstFile(nested.resolve("k0sproject"), ".tar");
    Path deeper = nested.resolve("k0sproject/" + "level/".repeat(40));
    Files.createDirectories(deeper);
    Files.move(archive, deeper.resolve(archive.getFileName()));
    Bundle bundle = new BundleOpener(dir.resolve("work"), ProgressListener.NONE).open(nested);
    assertEquals(
        new BundleOpener(dir.resolve("work"), ProgressListener.NONE).open(sample).images().size(),
        bundle.images().size());
  }
}
