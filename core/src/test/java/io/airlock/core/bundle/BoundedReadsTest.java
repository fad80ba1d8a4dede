package io.airlock.core.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.BadInputException;
import io.airlock.core.archive.Compression;
import io.airlock.core.archive.InputLimits;
import io.airlock.core.archive.LimitExceededException;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.testing.Command;
import io.airlock.core.testing.Samples;
import io.airlock.core.testing.Trees;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every header, record and document read from a bundle is bounded (docs/limits.md): oversized
 * metadata is refused with the limit it broke, before it is read into memory, whichever form (.tar
 * read in place, .tar.gz and .tar.zst streamed, an image archive or chart inside) holds it.
 */
class BoundedReadsTest {

  @TempDir static Path dir;
  static Path sample;

  @BeforeAll
  static void makeSample() {
    sample = Samples.k0rdent(dir.resolve("sample"), 2, 16 * 1024, 9).path();
  }

  static BadInputException refused(Path bundle) {
    return assertThrows(
        BadInputException.class,
        () ->
            new BundleOpener(dir.resolve("work"), ProgressListener.NONE, InputLimits.DEFAULT)
                .open(bundle));
  }

  /** A tar with charts/ and one extra member written by {@code extra}. */
  static Path tarWith(String name, TarExtra extra) throws IOException {
    Path tar = dir.resolve(name + ".tar");
    try (TarArchiveOutputStream out =
        new TarArchiveOutputStream(
            new java.io.BufferedOutputStream(Files.newOutputStream(tar), 1 << 16))) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
      TarArchiveEntry charts = new TarArchiveEntry("charts/");
      out.putArchiveEntry(charts);
      out.closeArchiveEntry();
      extra.write(out);
      out.finish();
    }
    return tar;
  }

  interface TarExtra {
    void write(TarArchiveOutputStream out) throws IOException;
  }

  static void raw(TarArchiveOutputStream out, String name, byte type, byte[] content)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name, type);
    entry.setSize(content.length);
    out.putArchiveEntry(entry);
    out.write(content);
    out.closeArchiveEntry();
  }

  static byte[] paxRecord(String key, int valueLength) {
    String body = " " + key + "=" + "A".repeat(valueLength) + "\n";
    int length = body.length();
    length += String.valueOf(length + String.valueOf(length).length()).length();
    return (length + body).getBytes(StandardCharsets.US_ASCII);
  }

  static void file(TarArchiveOutputStream out, String name) throws IOException {
    raw(out, name, TarConstants.LF_NORMAL, "x".getBytes(StandardCharsets.US_ASCII));
  }

  static void assertLimit(InputLimits.Limit limit, BadInputException e, String bundle) {
    assertTrue(e instanceof LimitExceededException, e.toString());
    assertEquals(limit, ((LimitExceededException) e).limit(), e.getMessage());
    assertTrue(e.getMessage().startsWith("Refusing " + bundle), e.getMessage());
  }

  @Test
  void paxHeaderOf64MiBIsRefusedInEveryForm() throws Exception {
    Path tar =
        tarWith(
            "pax",
            out -> {
              raw(
                  out,
                  "PaxHeader/big",
                  TarConstants.LF_PAX_EXTENDED_HEADER_LC,
                  paxRecord("comment", 64 << 20));
              file(out, "charts/x.tgz");
            });
    for (Path form : Trees.withCompressedForms(tar)) {
      BadInputException e = refused(form);
      assertLimit(InputLimits.Limit.TAR_METADATA, e, form.toString());
      assertTrue(e.getMessage().contains("a PAX header record of 67108"), e.getMessage());
    }
  }

  @Test
  void gnuLongNameAndGlobalHeadersAreBoundedToo() throws Exception {
    Path longName =
        tarWith(
            "longname",
            out -> {
              // What a GNU tar writes before a member with a long name (written raw: fast).
              byte[] name = ("charts/" + "n".repeat(2 << 20) + ".tgz\0").getBytes();
              raw(out, "././@LongLink", TarConstants.LF_GNUTYPE_LONGNAME, name);
              file(out, "charts/short.tgz");
            });
    for (Path form : Trees.withCompressedForms(longName)) {
      BadInputException e = refused(form);
      assertLimit(InputLimits.Limit.TAR_METADATA, e, form.toString());
      assertTrue(e.getMessage().contains("GNU long name record of 2097"), e.getMessage());
    }
    Path globals =
        tarWith(
            "globals",
            out -> {
              for (int i = 0; i < 3; i++) {
                TarArchiveEntry global =
                    new TarArchiveEntry(
                        "GlobalHead." + i, TarConstants.LF_PAX_GLOBAL_EXTENDED_HEADER);
                global.addPaxHeader("comment" + i, "A".repeat(400_000));
                out.putArchiveEntry(global);
              }
              file(out, "charts/x.tgz");
            });
    for (Path form : Trees.withCompressedForms(globals)) {
      assertLimit(InputLimits.Limit.TAR_METADATA, refused(form), form.toString());
    }
  }

  @Test
  void tooManyMembersAreRefused() throws Exception {
    Path tar =
        tarWith(
            "members",
            out -> {
              for (int i = 0; i <= InputLimits.MAX_MEMBERS; i++) {
                raw(out, "charts/" + i, TarConstants.LF_NORMAL, new byte[0]);
              }
            });
    BadInputException e = refused(tar);
    assertLimit(InputLimits.Limit.MEMBERS, e, tar.toString());
    assertTrue(e.getMessage().contains("more than 100000 members"), e.getMessage());
    // Streamed: a chart archive with as many members, compressed by the real gzip.
    Path tree = dir.resolve("many-in-chart");
    Trees.copyTree(sample, tree);
    Command.ok("sh", "-c", "gzip -1 -c " + tar + " > " + tree.resolve("charts/many-1.0.tgz"));
    e = refused(tree);
    assertTrue(e.getMessage().contains("more than 100000 members"), e.getMessage());
    assertTrue(e.getMessage().contains("many-1.0.tgz"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"gnu", "posix"})
  void sparseFilesMadeByRealTarAreRefused(String format) throws Exception {
    Path tree = dir.resolve("sparse-" + format);
    Files.createDirectories(tree.resolve("charts"));
    Path holey = tree.resolve("charts/holey.tgz");
    Command.ok("truncate", "-s", "64M", holey.toString());
    try (OutputStream out = Files.newOutputStream(holey, java.nio.file.StandardOpenOption.APPEND)) {
      out.write("end".getBytes(StandardCharsets.US_ASCII));
    }
    Path tar = dir.resolve("sparse-" + format + ".tar");
    Command.ok(
        "tar", "--sparse", "--format=" + format, "-C", tree.toString(), "-cf", tar.toString(), ".");
    for (Path form : Trees.withCompressedForms(tar)) {
      String message = refused(form).getMessage();
      assertTrue(message.contains("sparse file"), form + ": " + message);
    }
  }

  @Test
  void oversizedHeaderInsideAnImageArchiveOrChartIsRefused() throws Exception {
    Path inner =
        tarWith(
            "inner",
            out -> {
              raw(
                  out,
                  "PaxHeader/big",
                  TarConstants.LF_PAX_EXTENDED_HEADER_LC,
                  paxRecord("comment", 8 << 20));
              file(out, "index.json");
            });
    Path tree = dir.resolve("nested");
    Trees.copyTree(sample, tree);
    Files.copy(inner, tree.resolve("k0sproject/evil_1.0.tar"));
    Files.copy(inner, tree.resolve("charts/evil-1.0.tar"));
    for (Path form :
        Trees.withCompressedForms(Trees.pack(tree, dir.resolve("nested.tar"), Compression.NONE))) {
      BadInputException e = refused(form);
      assertTrue(e instanceof LimitExceededException, form + ": " + e.getMessage());
      assertTrue(e.getMessage().contains("evil"), e.getMessage());
    }
  }

  @Test
  void deeplyNestedJsonAndYamlBombsAreRefused() throws Exception {
    Path layout = dir.resolve("deep-json");
    Trees.copyTree(Samples.ociLayout(dir.resolve("layout"), 1, 4096, 2).path(), layout);
    Files.writeString(layout.resolve("index.json"), "[".repeat(500) + "]".repeat(500));
    String message = refused(layout).getMessage();
    assertTrue(message.contains("index.json is malformed: not valid JSON"), message);
    assertTrue(message.contains("nesting depth"), message);

    Path laughs = dir.resolve("laughs");
    Trees.copyTree(sample, laughs);
    StringBuilder yaml =
        new StringBuilder("apiVersion: airlock.io/v1\nkind: Bundle\na0: &a0 [x]\n");
    for (int i = 1; i < 60; i++) {
      yaml.append("a")
          .append(i)
          .append(": &a")
          .append(i)
          .append(" [*a")
          .append(i - 1)
          .append(",*a")
          .append(i - 1)
          .append("]\n");
    }
    Files.writeString(laughs.resolve("airlock-bundle.yaml"), yaml);
    message = refused(laughs).getMessage();
    assertTrue(message.contains("airlock-bundle.yaml is not valid YAML"), message);
    assertTrue(message.contains("aliases"), message);

    Files.writeString(
        laughs.resolve("airlock-bundle.yaml"), "name: " + "x".repeat(InputLimits.MAX_YAML + 1));
    message = refused(laughs).getMessage();
    assertTrue(message.contains("exceeds the limit"), message);
  }

  @Test
  void documentsOver4MiBAreRefusedWithTheLimit() throws Exception {
    Path layout = dir.resolve("big-index");
    Trees.copyTree(Samples.ociLayout(dir.resolve("layout2"), 1, 4096, 2).path(), layout);
    Files.writeString(
        layout.resolve("index.json"),
        json(Map.of("schemaVersion", 2, "pad", "x".repeat(InputLimits.MAX_DOCUMENT))));
    BadInputException e = refused(layout);
    assertTrue(e instanceof LimitExceededException, e.getMessage());
    assertEquals(InputLimits.Limit.DOCUMENT_SIZE, ((LimitExceededException) e).limit());
  }

  static String json(Map<String, Object> map) throws IOException {
    return io.airlock.core.oci.Json.MAPPER.writeValueAsString(map);
  }
}
