package io.airlock.installer.pipeline;

import io.airlock.core.BadInputException;
import io.airlock.installer.plan.SeedInput;
import io.airlock.node.InjectorBinary;
import io.airlock.node.NodeImages;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the seed injector's binaries and payload come from: the person's own ({@code
 * --seed-payload} with {@code --injector ARCH=FILE}), or Airlock's, built from source: the
 * injectors of the node module and a payload holding Airlock's registry, proxy and injector images.
 */
final class SeedSource {

  private SeedSource() {}

  static SeedInput of(ClusterRequest c, Path workDir)
      throws BadInputException, InterruptedIOException {
    if (c.seedPayload() == null && c.injectors().isEmpty()) {
      return airlocks(workDir);
    }
    if (c.seedPayload() == null || c.injectors().isEmpty()) {
      throw new BadInputException(
          "--seed-payload and --injector go together.",
          "Give both, or neither (Airlock's own injectors and node images are then used).");
    }
    Map<String, byte[]> binaries = new LinkedHashMap<>();
    for (Map.Entry<String, Path> e : c.injectors().entrySet()) {
      try {
        binaries.put(e.getKey(), Files.readAllBytes(e.getValue()));
      } catch (IOException ex) {
        throw new BadInputException(
            "Cannot read the injector " + e.getValue() + ": " + ex.getMessage() + ".",
            "Check the path.",
            ex);
      }
    }
    return SeedInput.of(binaries, c.seedPayload());
  }

  /** Airlock's injectors and node images, as the node module built them from source. */
  private static SeedInput airlocks(Path workDir) throws BadInputException, InterruptedIOException {
    NodeImages node = NodeImages.load();
    Map<String, byte[]> binaries = new LinkedHashMap<>();
    for (InjectorBinary b : node.injectors()) {
      binaries.put(b.architecture(), b.bytes());
    }
    Path payload =
        workDir.resolve("seed").resolve("node-images-" + node.layoutDigest().shortHex() + ".tar");
    try {
      if (!Files.isRegularFile(payload)) {
        Files.createDirectories(payload.getParent());
        node.writeLayout(payload);
      }
    } catch (IOException e) {
      throw new BadInputException(
          "Cannot write the seed payload to " + payload + ": " + e.getMessage() + ".",
          "Choose a writable --work-dir.",
          e);
    }
    return SeedInput.of(binaries, payload);
  }
}
