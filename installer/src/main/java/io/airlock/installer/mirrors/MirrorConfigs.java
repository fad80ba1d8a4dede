package io.airlock.installer.mirrors;

import io.airlock.core.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Makes a node configuration in a format, and writes one into a directory. */
public final class MirrorConfigs {

  private MirrorConfigs() {}

  public static MirrorConfig of(MirrorFormat format, MirrorTarget target) {
    return switch (format) {
      case CONTAINERD -> ContainerdHosts.config(target);
      case K3S, RKE2 -> RancherRegistries.config(target, format);
      case K0S -> K0sDropIn.config(target);
      case TALOS -> TalosPatch.config(target);
      case CRIO -> CrioRegistries.config(target);
    };
  }

  /**
   * Where pulls of {@code upstream} go, as the format's file writes it: the {@code hosts.toml} host
   * (containerd, k0s) or Talos endpoint with its {@code /v2/PREFIX/UPSTREAM} path, the k3s/RKE2
   * endpoint with its rewrite, the CRI-O mirror location.
   */
  public static String endpoint(MirrorFormat format, MirrorTarget target, String upstream) {
    String ns = target.namespaceOf(upstream);
    return switch (format) {
      case CONTAINERD, K0S, TALOS -> target.overridePathEndpoint(upstream);
      case K3S, RKE2 ->
          target.baseUrl()
              + (ns.isEmpty() ? "" : " (repository paths rewritten to " + ns + "/...)");
      case CRIO ->
          target.registry()
              + (ns.isEmpty() ? "" : "/" + ns)
              + (target.plainHttp() ? " (plain HTTP)" : "");
    };
  }

  /**
   * Writes the files under {@code out}, each at its node path ({@code out/etc/containerd/...}), so
   * the tree can be copied onto a node's root. All or nothing: the files are written into a
   * temporary sibling that is renamed into place at the end.
   */
  public static void write(MirrorConfig config, Path out, boolean replace)
      throws BadInputException {
    Path target = out.toAbsolutePath();
    if (Files.exists(target) && !replace) {
      throw new BadInputException(
          target + " already exists.",
          "Choose another --output directory, or add --force to replace it.");
    }
    Path temp = null;
    try {
      Files.createDirectories(target.getParent());
      temp = Files.createTempDirectory(target.getParent(), ".airlock-mirrors-");
      for (MirrorFile f : config.files()) {
        Path p = temp.resolve(f.nodePath().substring(1));
        Files.createDirectories(p.getParent());
        Files.write(p, f.content());
      }
      if (Files.exists(target)) {
        deleteTree(target);
      }
      Files.move(temp, target);
      temp = null;
    } catch (IOException e) {
      throw new BadInputException(
          "Cannot write the mirror configuration to " + target + ": " + e.getMessage() + ".",
          "Check that the directory is writable and has space.",
          e);
    } finally {
      if (temp != null) {
        deleteTree(temp);
      }
    }
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a leftover temporary directory is harmless
    }
  }
}
