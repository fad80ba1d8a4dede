package io.airlock.core.bundle;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.BadInputException;
import io.airlock.core.archive.Compression;
import io.airlock.core.archive.InputLimits;
import io.airlock.core.archive.TarWriter;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.testing.Command;
import io.airlock.core.testing.Samples;
import io.airlock.core.testing.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two readers of the same bytes must never see different images: a member written twice, in any
 * archive form (made by the real tar, appending), and a JSON or YAML key written twice are refused.
 */
class AmbiguityTest {

  @TempDir static Path dir;
  static Path sample;

  @BeforeAll
  static void makeSample() {
    sample = Samples.k0rdent(dir.resolve("sample"), 2, 8 * 1024, 6).path();
  }

  static String refused(Path bundle) {
    return assertThrows(
            BadInputException.class,
            () ->
                new BundleOpener(dir.resolve("work"), ProgressListener.NONE, InputLimits.DEFAULT)
                    .open(bundle))
        .getMessage();
  }

  @Test
  void aMemberTwiceWithDifferentContentsIsRefusedInEveryForm() throws Exception {
    Path tar = dir.resolve("twice.tar");
    Command.ok("tar", "-C", sample.toString(), "-cf", tar.toString(), ".");
    Path other = Files.createDirectories(dir.resolve("other/charts"));
    Files.writeString(other.resolve("demo-app_0.1.0.tgz"), "not the same");
    Command.ok(
        "tar",
        "-C",
        other.getParent().toString(),
        "-rf",
        tar.toString(),
        "./charts/demo-app_0.1.0.tgz");
    for (Path form : Trees.withCompressedForms(tar)) {
      String message = refused(form);
      assertTrue(
          message.equals(
              "Refusing "
                  + form
                  + ": member charts/demo-app_0.1.0.tgz appears twice (or both as a file"
                  + " and as a directory), so tools could read different contents from it."),
          message);
    }
  }

  @Test
  void aFileUsedAsADirectoryIsRefused() throws Exception {
    Path tar = dir.resolve("file-and-dir.tar");
    try (TarWriter w = TarWriter.create(tar, Compression.NONE)) {
      w.addBytes("charts", "a file".getBytes());
      w.addBytes("charts/x.tgz", "below it".getBytes());
    }
    for (Path form : Trees.withCompressedForms(tar)) {
      assertTrue(refused(form).contains(": member charts appears twice"), form.toString());
    }
  }

  @Test
  void aMemberTwiceInsideAnImageArchiveIsRefused() throws Exception {
    Path tree = dir.resolve("nested-twice");
    Trees.copyTree(sample, tree);
    Path archive = Trees.firstFile(tree.resolve("k0sproject"), ".tar");
    Path extra = Files.createDirectories(dir.resolve("extra"));
    Files.writeString(extra.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[]}");
    Command.ok("tar", "-C", extra.toString(), "-rf", archive.toString(), "index.json");
    Path tar = Trees.pack(tree, dir.resolve("nested-twice.tar"), Compression.NONE);
    for (Path form : Trees.withCompressedForms(tar)) {
      String message = refused(form);
      assertTrue(message.contains(": member index.json appears twice"), message);
      assertTrue(message.contains(archive.getFileName().toString()), message);
    }
  }

  @Test
  void aJsonKeyWrittenTwiceIsRefused() throws Exception {
    Path layout = dir.resolve("digest-twice");
    Trees.copyTree(Samples.ociLayout(dir.resolve("layout"), 1, 4096, 2).path(), layout);
    String index = Files.readString(layout.resolve("index.json"));
    String other = "\"digest\":\"sha256:" + "0".repeat(64) + "\",";
    Files.writeString(
        layout.resolve("index.json"), index.replaceFirst("\"digest\":", other + "\"digest\":"));
    String message = refused(layout);
    assertTrue(
        message.contains("index.json is malformed: not valid JSON (Duplicate field 'digest')"),
        message);
  }

  @Test
  void aYamlKeyWrittenTwiceIsRefused() throws Exception {
    Path tree = dir.resolve("yaml-twice");
    Trees.copyTree(sample, tree);
    Files.writeString(
        tree.resolve("airlock-bundle.yaml"),
        "apiVersion: airlock.io/v1\nkind: Bundle\nname: a\nname: b\n");
    String message = refused(tree);
    assertTrue(message.contains("airlock-bundle.yaml is not valid YAML"), message);
    assertTrue(message.contains("found duplicate key name"), message);
  }
}
