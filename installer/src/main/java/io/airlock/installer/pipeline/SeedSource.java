package io.airlock.installer.pipeline;

import io.airlock.core.BadInputException;
import io.airlock.core.Phrase;
import io.airlock.core.Setting;
import io.airlock.installer.plan.SeedInput;
import io.airlock.installer.seed.SeedImages;
import io.airlock.node.InjectorBinary;
import io.airlock.node.NodeImages;
import io.airlock.node.build.LayoutAssembler;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where the seed injector's binaries and payload come from: the person's own ({@code
 * --seed-payload} with {@code --injector ARCH=FILE}), or Airlock's, built from source: the
 * injectors of the node module and a payload holding Airlock's registry, proxy and injector images.
 */
final class SeedSource {

  private SeedSource() {}

  /**
   * @param architectures the architectures of the cluster's nodes (empty: unknown, take all)
   */
  static SeedInput of(ClusterRequest c, Path workDir, Set<String> architectures)
      throws BadInputException, InterruptedIOException {
    if (c.seedPayload() == null && c.injectors().isEmpty()) {
      return airlocks(workDir, architectures);
    }
    if (c.seedPayload() == null || c.injectors().isEmpty()) {
      throw new BadInputException(
          Phrase.of(Setting.SEED_PAYLOAD, " and ", Setting.INJECTOR, " go together."),
          Phrase.of(
              "Give both, or neither (Airlock's own injectors and node images are then used)."));
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

  /**
   * Airlock's injectors (built from source by the node module) and its seed images, the registry
   * image with the proxy and injector images, for the architectures of the cluster's nodes only.
   */
  private static SeedInput airlocks(Path workDir, Set<String> architectures)
      throws BadInputException, InterruptedIOException {
    Map<String, byte[]> binaries = new LinkedHashMap<>();
    for (InjectorBinary b : NodeImages.load().injectors()) {
      if (architectures.isEmpty() || architectures.contains(b.architecture())) {
        binaries.put(b.architecture(), b.bytes());
      }
    }
    SeedImages images = SeedImages.load();
    String archs = architectures.isEmpty() ? "all" : String.join("-", new TreeSet<>(architectures));
    Path dir = workDir.resolve("seed");
    Path payload =
        dir.resolve(
            "seed-images-" + images.layout().layoutDigest().shortHex() + "-" + archs + ".tar");
    try {
      if (!Files.isRegularFile(payload)) {
        Files.createDirectories(dir);
        Path all = dir.resolve("seed-images-" + images.layout().layoutDigest().shortHex() + ".tar");
        if (!Files.isRegularFile(all)) {
          images.writeLayout(all);
        }
        LayoutAssembler filtered = new LayoutAssembler();
        filtered.addLayout(all, architectures.isEmpty() ? null : architectures);
        filtered.write(payload);
      }
    } catch (IOException e) {
      throw new BadInputException(
          Phrase.of("Cannot write the seed payload to " + payload + ": " + e.getMessage() + "."),
          Phrase.of("Choose a writable directory as ", Setting.WORK_DIR, "."),
          e);
    }
    return SeedInput.of(binaries, payload);
  }
}
