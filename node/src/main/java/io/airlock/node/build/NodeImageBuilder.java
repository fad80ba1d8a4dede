package io.airlock.node.build;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airlock.core.digest.DigestAlgorithm;
import io.airlock.core.digest.Hashing;
import io.airlock.core.oci.Json;
import io.airlock.node.NodeImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Build step (Maven {@code process-classes}, run from this module's own classes): turns the
 * binaries {@code build-native.sh} compiled into the resources of the airlock-node jar that {@link
 * NodeImages} reads: the injector per architecture, the OCI layout tar of the node images, and a
 * JSON description of both. Fails the build when a size limit is exceeded.
 *
 * <p>Arguments: NATIVE_DIR OUTPUT_DIR VERSION WORK_DIR.
 */
public final class NodeImageBuilder {

  private NodeImageBuilder() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      throw new IllegalArgumentException(
          "usage: NodeImageBuilder NATIVE_DIR OUTPUT_DIR VERSION WORK_DIR");
    }
    Path nativeDir = Path.of(args[0]);
    Path out = Files.createDirectories(Path.of(args[1]));
    String version = args[2];
    Path work = Files.createDirectories(Path.of(args[3]));

    ObjectNode metadata = Json.MAPPER.createObjectNode();
    metadata.put("version", version);
    ObjectNode injectors = metadata.putObject("injector");
    for (String arch : NodeImages.ARCHITECTURES) {
      Path binary = nativeDir.resolve(NodeImages.injectorResource(arch));
      long size = Files.size(binary);
      if (size >= NodeImages.MAX_INJECTOR_BYTES) {
        throw new IllegalStateException(
            binary
                + " is "
                + size
                + " bytes; the injector must stay under 1 MiB to fit a ConfigMap");
      }
      Files.copy(
          binary,
          out.resolve(NodeImages.injectorResource(arch)),
          StandardCopyOption.REPLACE_EXISTING);
      injectors.put(arch, Hashing.hash(binary, DigestAlgorithm.SHA256).digest().toString());
    }

    ObjectNode samples = metadata.putObject("sampleApp");
    for (String arch : NodeImages.ARCHITECTURES) {
      Path binary = nativeDir.resolve(NodeImages.sampleAppResource(arch));
      Files.copy(
          binary,
          out.resolve(NodeImages.sampleAppResource(arch)),
          StandardCopyOption.REPLACE_EXISTING);
      samples.put(arch, Hashing.hash(binary, DigestAlgorithm.SHA256).digest().toString());
    }

    LayoutAssembler layout = new LayoutAssembler();
    ExecutorService executor = Executors.newFixedThreadPool(2);
    try {
      for (NodeProgram program : NodeProgram.ALL) {
        Map<String, Path> tars = new LinkedHashMap<>();
        for (String arch : NodeImages.ARCHITECTURES) {
          tars.put(arch, JibImage.build(program, arch, version, nativeDir, work, executor));
        }
        layout.add(program.image(), version, tars);
      }
    } finally {
      executor.shutdownNow();
    }
    Path layoutTar = out.resolve(NodeImages.LAYOUT);
    layout.write(layoutTar);
    Hashing.Result layoutHash = Hashing.hash(layoutTar, DigestAlgorithm.SHA256);

    ObjectNode layoutNode = metadata.putObject("layout");
    layoutNode.put("size", layoutHash.size());
    layoutNode.put("sha256", layoutHash.digest().toString());
    ArrayNode images = metadata.putArray("images");
    for (LayoutAssembler.AssembledImage image : layout.images()) {
      images.add(image.json());
      for (LayoutAssembler.PlatformManifest p : image.platforms()) {
        if (image.name().equals(NodeImages.PROXY_IMAGE)
            && p.totalBytes() >= NodeImages.MAX_PROXY_IMAGE_BYTES) {
          throw new IllegalStateException(
              "the "
                  + p.architecture()
                  + " proxy image is "
                  + p.totalBytes()
                  + " bytes; the limit is 10 MiB");
        }
        System.out.printf(
            Locale.ROOT,
            "airlock-node: %s:%s linux/%s %s, %d bytes%n",
            image.name(),
            image.tag(),
            p.architecture(),
            p.manifest().digest(),
            p.totalBytes());
      }
    }
    Path metadataFile = out.resolve(NodeImages.METADATA);
    Path temp = out.resolve(NodeImages.METADATA + ".partial");
    Files.write(temp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(metadata));
    Files.move(temp, metadataFile, StandardCopyOption.REPLACE_EXISTING);
    System.out.printf(
        Locale.ROOT,
        "airlock-node: %s, %d bytes, %s%n",
        layoutTar.getFileName(),
        layoutHash.size(),
        layoutHash.digest());
  }
}
