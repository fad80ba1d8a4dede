package io.airlock.installer.cluster;

import io.airlock.core.BadInputException;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The contexts of a kubeconfig file, for front ends that let a person pick one before connecting.
 *
 * @param contexts the context names, in file order
 * @param current the current-context, or null when the file names none
 */
public record Kubeconfig(Path file, List<String> contexts, String current) {

  public Kubeconfig {
    contexts = List.copyOf(contexts);
  }

  /**
   * The kubeconfig kubectl would use: the first file of {@code KUBECONFIG}, else {@code
   * ~/.kube/config}; empty when neither exists.
   */
  public static Optional<Path> defaultFile() {
    String env = System.getenv("KUBECONFIG");
    if (env != null && !env.isBlank()) {
      for (String part : env.split(File.pathSeparator)) {
        if (!part.isBlank() && Files.isRegularFile(Path.of(part))) {
          return Optional.of(Path.of(part));
        }
      }
    }
    Path home = Path.of(System.getProperty("user.home"), ".kube", "config");
    return Files.isRegularFile(home) ? Optional.of(home) : Optional.empty();
  }

  /** Reads the context names of {@code file}. */
  public static Kubeconfig read(Path file) throws BadInputException {
    if (!Files.isRegularFile(file)) {
      throw new BadInputException(
          "The kubeconfig " + file + " does not exist.", "Check the path of the kubeconfig.");
    }
    Config config;
    try {
      config = KubeConfigUtils.parseConfig(file.toFile());
    } catch (RuntimeException e) {
      throw new BadInputException(
          "Cannot read the kubeconfig " + file + ": " + Objects.toString(e.getMessage(), "") + ".",
          "Check the file (kubectl config view --kubeconfig " + file + ").",
          e);
    }
    List<String> names =
        config == null || config.getContexts() == null
            ? List.of()
            : config.getContexts().stream().map(NamedContext::getName).toList();
    String current = config == null ? null : config.getCurrentContext();
    return new Kubeconfig(file, names, current == null || current.isBlank() ? null : current);
  }
}
