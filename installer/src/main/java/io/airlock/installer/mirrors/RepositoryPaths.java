package io.airlock.installer.mirrors;

import io.airlock.core.oci.ImageRef;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the push engine puts each upstream image and chart in Airlock's registry, and so where a
 * node's mirror for an upstream registry must point. The one place this rule lives on the cluster
 * side.
 *
 * <p>By default {@code SRC_REGISTRY/REPO:TAG} is pushed to {@code
 * TARGET/PREFIX/SRC_REGISTRY/REPO:TAG} ({@code docker.io/library/nginx:1.25} to {@code
 * HOST:PORT/PREFIX/docker.io/library/nginx:1.25}); {@code --flatten} drops the {@code SRC_REGISTRY}
 * component; Helm charts go to {@code PREFIX/charts/NAME:VERSION}.
 *
 * <p>MUST agree exactly with the push engine's {@code io.airlock.core.push.TargetNaming} (issue 5:
 * {@code repository(ImageRef)}, {@code chartRepository(String)}); when both branches are merged,
 * both sides are to call that one class (this one then only adds {@link #mirrorNamespace}).
 */
public final class RepositoryPaths {

  private RepositoryPaths() {}

  /** The repository (without host, tag or digest) the push engine writes {@code ref} to. */
  public static String pushedRepository(ImageRef ref, String prefix, boolean flatten) {
    return join(normalizePrefix(prefix), flatten ? null : ref.registry(), ref.repository());
  }

  /** The repository the push engine writes Helm chart {@code name} to. */
  public static String chartRepository(String name, String prefix) {
    return join(normalizePrefix(prefix), "charts", name);
  }

  /**
   * The path under which everything from {@code upstream} lies, which a node mirror for that
   * registry must put in front of the repository: {@code PREFIX/docker.io}, {@code PREFIX} when
   * flattened, or empty.
   */
  public static String mirrorNamespace(String upstream, String prefix, boolean flatten) {
    return join(normalizePrefix(prefix), flatten ? null : upstream);
  }

  /**
   * A prefix without leading, trailing or doubled slashes.
   *
   * @throws IllegalArgumentException when it is not a valid repository path
   */
  public static String normalizePrefix(String prefix) {
    if (prefix == null) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    for (String p : prefix.split("/")) {
      if (p.isEmpty()) {
        continue;
      }
      if (!p.matches("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*")) {
        throw new IllegalArgumentException(
            "'"
                + prefix
                + "' is not a valid repository prefix (lower-case letters, digits, . _ - between them, / between parts)");
      }
      parts.add(p);
    }
    return String.join("/", parts);
  }

  private static String join(String... parts) {
    List<String> out = new ArrayList<>();
    for (String p : parts) {
      if (p != null && !p.isEmpty()) {
        out.add(p);
      }
    }
    return String.join("/", out);
  }
}
