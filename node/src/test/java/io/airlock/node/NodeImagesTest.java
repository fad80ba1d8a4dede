package io.airlock.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.airlock.core.archive.Member;
import io.airlock.core.archive.TarTree;
import io.airlock.core.digest.Digest;
import io.airlock.core.digest.DigestAlgorithm;
import io.airlock.core.digest.Hashing;
import io.airlock.core.oci.Descriptor;
import io.airlock.core.oci.Json;
import io.airlock.core.oci.Manifest;
import io.airlock.core.oci.MediaTypes;
import io.airlock.core.testing.Command;
import io.airlock.core.testing.Skopeo;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the build put into the jar: sizes, architectures, and images with nothing but a binary. */
class NodeImagesTest {

  private static final Map<String, Integer> ELF_MACHINE = Map.of("amd64", 0x3e, "arm64", 0xb7);

  @TempDir static Path dir;

  private static NodeImages images;
  private static Path layout;
  private static TarTree tree;

  @BeforeAll
  static void open() throws Exception {
    images = NodeImages.load();
    layout = dir.resolve("node-images.tar");
    images.writeLayout(layout);
    tree = TarTree.open(layout);
  }

  @Test
  void injectorFitsOneConfigMapOnEveryArchitecture() {
    for (String arch : NodeImages.ARCHITECTURES) {
      InjectorBinary injector = images.injector(arch);
      assertTrue(
          injector.size() < NodeImages.MAX_INJECTOR_BYTES,
          arch + " injector is " + injector.size() + " bytes");
      assertStaticElf(injector.bytes(), arch);
      assertEquals(Digest.sha256(injector.bytes()), injector.sha256());
    }
  }

  @Test
  void proxyBinariesAreStaticForTheirArchitecture() throws Exception {
    for (String arch : NodeImages.ARCHITECTURES) {
      assertStaticElf(Files.readAllBytes(NodePrograms.proxy(arch)), arch);
    }
  }

  @Test
  void proxyImageStaysUnderTenMiBPerArchitecture() throws Exception {
    NodeImage proxy = images.proxyImage();
    Manifest index = Manifest.parse(blob(proxy.index()), MediaTypes.OCI_INDEX);
    assertEquals(NodeImages.ARCHITECTURES.size(), index.manifests().size());
    for (Descriptor platformManifest : index.manifests()) {
      String arch = platformManifest.platformIfAny().orElseThrow().architecture();
      Manifest manifest = Manifest.parse(blob(platformManifest.digest()), null);
      long total = platformManifest.size();
      for (Descriptor d : manifest.references()) {
        total += d.size();
      }
      assertTrue(total < NodeImages.MAX_PROXY_IMAGE_BYTES, arch + " proxy image: " + total);
      assertEquals(proxy.platforms().get(arch).bytes(), total);
      assertEquals(proxy.platforms().get(arch).manifest(), platformManifest.digest());
    }
  }

  @Test
  void eachImageHoldsOnlyItsBinaryAndRunsAsNonRoot() throws Exception {
    for (NodeImage image : images.images()) {
      String program = image.name().substring(image.name().lastIndexOf('/') + 1);
      Manifest index = Manifest.parse(blob(image.index()), MediaTypes.OCI_INDEX);
      List<String> arches = new ArrayList<>();
      for (Descriptor platformManifest : index.manifests()) {
        String arch = platformManifest.platformIfAny().orElseThrow().architecture();
        arches.add(arch);
        Manifest manifest = Manifest.parse(blob(platformManifest.digest()), null);
        JsonNode config = Json.parse(blob(manifest.config().digest()));
        assertEquals(arch, config.path("architecture").asText());
        assertEquals("linux", config.path("os").asText());
        assertEquals("65532:65532", config.path("config").path("User").asText());
        assertEquals(
            "/airlock-" + program, config.path("config").path("Entrypoint").get(0).asText());
        assertEquals(1, manifest.layers().size(), image.name() + " " + arch + " layers");

        List<TarArchiveEntry> entries = new ArrayList<>();
        byte[] content = null;
        try (InputStream in =
                tree.findFile("blobs/sha256/" + manifest.layers().get(0).digest().hex())
                    .orElseThrow()
                    .content()
                    .open();
            TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in))) {
          for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
            entries.add(e);
            if (e.isFile()) {
              content = tar.readAllBytes();
            }
          }
        }
        assertEquals(1, entries.size(), "one file, nothing else (no shell): " + entries);
        TarArchiveEntry only = entries.get(0);
        assertEquals("airlock-" + program, only.getName().replaceFirst("^/", ""));
        assertEquals(0555, only.getMode() & 07777);
        assertEquals(0, only.getLongUserId());
        byte[] expected =
            switch (program) {
              case "injector" -> images.injector(arch).bytes();
              case "proxy" -> Files.readAllBytes(NodePrograms.proxy(arch));
              default -> Files.readAllBytes(NodePrograms.nodecfg(arch));
            };
        assertArrayEquals(expected, content, image.name() + " " + arch + " binary");
      }
      assertEquals(NodeImages.ARCHITECTURES, arches);
    }
  }

  @Test
  void skopeoReadsTheLayoutUnderEachReference() {
    for (NodeImage image : images.images()) {
      assertEquals(image.index(), Skopeo.digest("oci-archive:" + layout + ":" + image.reference()));
    }
  }

  @Test
  void layoutMatchesTheRecordedDigestAndSize() throws Exception {
    Hashing.Result hashed = Hashing.hash(layout, DigestAlgorithm.SHA256);
    assertEquals(images.layoutDigest(), hashed.digest());
    assertEquals(images.layoutSize(), hashed.size());
    assertEquals(images.version(), images.proxyImage().tag());
  }

  @Test
  void arm64BuildsRunUnderQemu() {
    String injector =
        Command.run(
                NodePrograms.command(
                    "arm64", NodePrograms.injector("arm64", dir), List.of("--version")),
                Map.of(),
                Duration.ofMinutes(1))
            .requireSuccess(List.of("arm64 injector --version"))
            .out();
    assertEquals("airlock-injector " + images.version(), injector.trim());
    String proxy =
        Command.run(
                NodePrograms.command("arm64", NodePrograms.proxy("arm64"), List.of("--version")),
                Map.of(),
                Duration.ofMinutes(1))
            .requireSuccess(List.of("arm64 proxy --version"))
            .out();
    assertEquals("airlock-proxy " + images.version(), proxy.trim());
  }

  @Test
  void unknownArchitectureIsRefusedNamingTheKnownOnes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> images.injector("riscv64"));
    assertEquals(
        "no injector for architecture 'riscv64'; Airlock builds it for amd64, arm64",
        e.getMessage());
  }

  private static byte[] blob(Digest digest) throws Exception {
    Member m = tree.findFile("blobs/sha256/" + digest.hex()).orElseThrow();
    byte[] bytes = m.content().readAll(4 << 20);
    assertEquals(digest, Digest.sha256(bytes));
    return bytes;
  }

  /** A 64-bit little-endian ELF executable for the architecture, with no program interpreter. */
  private static void assertStaticElf(byte[] elf, String arch) {
    ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(0x464c457f, b.getInt(0), "ELF magic");
    assertEquals(2, elf[4], "64-bit");
    assertEquals(2, b.getShort(16), "an executable (ET_EXEC)");
    assertEquals((int) ELF_MACHINE.get(arch), b.getShort(18) & 0xffff, "machine for " + arch);
    long phoff = b.getLong(32);
    int phentsize = b.getShort(54) & 0xffff;
    int phnum = b.getShort(56) & 0xffff;
    for (int i = 0; i < phnum; i++) {
      int type = b.getInt((int) (phoff + (long) i * phentsize));
      assertTrue(type != 3, arch + ": has PT_INTERP, so it is dynamically linked");
    }
  }
}
