package io.airlock.core.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.progress.ProgressListener;
import io.airlock.core.sample.SampleBundle;
import io.airlock.core.testing.Command;
import io.airlock.core.testing.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The k0rdent bundle as vendors ship it (issue 17): every archive form made by the real tar, gzip
 * and zstd, with members at the root, written as {@code ./charts/...}, or under one top directory
 * {@code airgap-bundle-1.2.3/}; a directory that is the bundle or holds it; and a re-run over a
 * copy unpacked by an older layout of the work directory. Each opens with every image and the
 * product version read from the chart.
 */
class VendorLayoutTest {

  static final String TOP = "airgap-bundle-" + SampleBundle.PRODUCT_VERSION;

  @TempDir static Path dir;
  static Path parent;
  static Path bundle;
  static int images;

  @BeforeAll
  static void makeBundle() throws Exception {
    parent = Files.createDirectories(dir.resolve("download"));
    bundle = Samples.k0rdent(parent.resolve(TOP), 3, 16 * 1024, 8).path();
    images = open(bundle).images().size();
  }

  static Bundle open(Path path) throws Exception {
    return new BundleOpener(dir.resolve("work"), ProgressListener.NONE).open(path);
  }

  static void assertWholeBundle(Bundle opened, Path path) {
    assertEquals(SampleBundle.PRODUCT_VERSION, opened.version(), path.toString());
    assertEquals(BundleFormat.K0RDENT, opened.format(), path.toString());
    assertEquals(images, opened.images().size(), path.toString());
    assertEquals(3, opened.charts().size(), path.toString());
  }

  /** How the members are named in the archive: the tar command line that makes them so. */
  static Stream<Arguments> forms() {
    List<Arguments> forms = new ArrayList<>();
    for (String members : List.of("root", "dot", "top-directory")) {
      for (String suffix : List.of(".tar", ".tar.gz", ".tgz", ".tar.zst")) {
        forms.add(Arguments.of(members, suffix));
      }
    }
    return forms.stream();
  }

  @ParameterizedTest(name = "{0} members in {1}")
  @MethodSource("forms")
  void everyArchiveFormOpens(String members, String suffix) throws Exception {
    Path tar = dir.resolve(members + ".tar");
    if (!Files.exists(tar)) {
      String sources =
          switch (members) {
            case "root" -> "-C " + bundle + " $(ls " + bundle + ")"; // charts/..., vendor/...
            case "dot" ->
                "-C " + bundle + " ."; // ./charts/..., as tar -C dir -czf x.tar.gz . writes
            default -> "-C " + parent + " " + TOP;
          };
      Command.ok("sh", "-c", "tar -cf " + tar + " " + sources);
      String listing = Command.ok("tar", "-tf", tar.toString()).out();
      assertTrue(
          listing.contains(
              switch (members) {
                case "root" -> "\ncharts/";
                case "dot" -> "./charts/";
                default -> TOP + "/charts/";
              }),
          listing);
    }
    Path archive = dir.resolve(TOP + "-" + members + suffix);
    String compress =
        switch (suffix) {
          case ".tar" -> "cat";
          case ".tar.zst" -> "zstd -q -c";
          default -> "gzip -c";
        };
    Command.ok("sh", "-c", compress + " < " + tar + " > " + archive);
    assertWholeBundle(open(archive), archive);
  }

  @Test
  void aDirectoryThatIsTheBundleOrHoldsItOpens() throws Exception {
    assertWholeBundle(open(bundle), bundle);
    Files.writeString(parent.resolve("README.txt"), "the vendor's notes, beside the bundle");
    assertWholeBundle(open(parent), parent);
  }

  @Test
  void aCopyUnpackedByTheOlderLayoutIsTakenOverAsItIs() throws Exception {
    Path archive = dir.resolve("older.tar.gz");
    Command.ok("sh", "-c", "tar -C " + parent + " -czf " + archive + " " + TOP);
    Bundle first = open(archive);
    Path unpacked = first.unpackedTo();
    Path marker = unpacked.resolveSibling(unpacked.getFileName() + ".airlock-unpacked");
    assertTrue(Files.isRegularFile(marker), "the marker lies beside the unpacked copy");
    try (Stream<Path> top = Files.list(unpacked)) {
      assertEquals(List.of(unpacked.resolve(TOP)), top.toList(), "exactly what the archive held");
    }
    // As Airlock 0.1 left it: the marker inside, beside the archive's top directory.
    Files.move(marker, unpacked.resolve(".airlock-unpacked"));
    Path sentinel = Files.writeString(unpacked.resolve(TOP + "/sentinel"), "kept");
    assertWholeBundle(open(archive), archive);
    assertTrue(Files.exists(sentinel), "taken over, not unpacked again");
    assertTrue(Files.isRegularFile(marker));
    assertFalse(Files.exists(unpacked.resolve(".airlock-unpacked")));
  }
}
