package io.airlock.installer.cluster;

import io.airlock.core.BadInputException;
import io.airlock.core.UserDirs;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

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
    return UserDirs.current().kubeconfigs().stream().filter(Files::isRegularFile).findFirst();
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
      BadInputException notYaml = notYaml(file, e);
      if (notYaml != null) {
        throw notYaml;
      }
      throw new BadInputException(
          "Cannot read the kubeconfig " + file + ": " + Objects.toString(e.getMessage(), "") + ".",
          "Check the file (kubectl config view --kubeconfig " + file + ").",
          e);
    }
    List<String> names =
        config == null || config.getContexts() == null
            ? List.of()
            : config.getContexts().stream()
                .filter(Objects::nonNull)
                .map(NamedContext::getName)
                .filter(Objects::nonNull) // a context without a name (found by fuzzing)
                .toList();
    String current = config == null ? null : config.getCurrentContext();
    return new Kubeconfig(file, names, current == null || current.isBlank() ? null : current);
  }

  /**
   * One line for a kubeconfig the YAML parser refused, with where and what it expected instead of
   * the parser's multi-line text; null when {@code e} is not a YAML syntax error.
   */
  static BadInputException notYaml(Path file, Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      // Fabric8 reads kubeconfigs with snakeyaml-engine
      if (c instanceof MarkedYamlEngineException y && y.getProblemMark().isPresent()) {
        Mark mark = y.getProblemMark().get();
        String problem = y.getProblem() == null ? "" : ": " + y.getProblem().strip();
        return new BadInputException(
            file
                + " is not valid YAML (line "
                + (mark.getLine() + 1)
                + ", column "
                + (mark.getColumn() + 1)
                + problem.replaceAll("\\s+", " ")
                + ").",
            "Fix the file at that place (a kubeconfig is YAML: indentation counts), or get it again"
                + " from the cluster (k3s: /etc/rancher/k3s/k3s.yaml; kubeadm:"
                + " /etc/kubernetes/admin.conf).",
            e);
      }
    }
    return null;
  }
}
