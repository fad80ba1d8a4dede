package io.airlock.node.build;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * Builds one platform's image of a node program with Jib Core: from scratch, one layer holding only
 * the static binary (root-owned, read and execute only), run as a non-root user. No shell, no libc,
 * nothing else to exec into. Jib writes it as an OCI layout tar; it writes multi-platform images
 * only to registries, so {@link LayoutAssembler} joins the platforms afterwards.
 */
final class JibImage {

  /** The conventional "nonroot" user of distroless images; owns nothing in the image. */
  static final String USER = "65532:65532";

  private JibImage() {}

  static Path build(
      NodeProgram program,
      String architecture,
      String version,
      Path nativeDir,
      Path work,
      ExecutorService executor)
      throws Exception {
    Path binary = program.binary(nativeDir, architecture);
    if (!Files.isRegularFile(binary)) {
      throw new IllegalStateException(
          binary + " is missing; build-native.sh should have built it before this step");
    }
    Path tar = work.resolve(program.binaryPrefix() + "-" + architecture + ".tar");
    Files.deleteIfExists(tar);
    FileEntriesLayer layer =
        FileEntriesLayer.builder()
            .setName(program.binaryPrefix())
            .addEntry(
                binary,
                AbsoluteUnixPath.get(program.pathInImage()),
                FilePermissions.fromOctalString("555"),
                FileEntriesLayer.DEFAULT_MODIFICATION_TIME,
                "0:0")
            .build();
    Jib.fromScratch()
        .setFormat(ImageFormat.OCI)
        .setPlatforms(Set.of(new Platform(architecture, "linux")))
        .setCreationTime(Instant.EPOCH)
        .addFileEntriesLayer(layer)
        .setEntrypoint(program.pathInImage())
        .setUser(USER)
        .addLabel("org.opencontainers.image.title", "airlock-" + program.binaryPrefix())
        .addLabel("org.opencontainers.image.version", version)
        .containerize(
            Containerizer.to(TarImage.at(tar).named(program.image() + ":" + version))
                .setApplicationLayersCache(work.resolve("cache"))
                .setBaseImageLayersCache(work.resolve("base-cache"))
                .setExecutorService(executor)
                .setOfflineMode(true)
                .setToolName("airlock-node-build"));
    return tar;
  }
}
