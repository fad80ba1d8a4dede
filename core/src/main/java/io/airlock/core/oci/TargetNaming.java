package io.airlock.core.oci;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Where each image and chart of a bundle lands in the target registry. The rule, which node mirror
 * configuration relies on (one mirror per upstream registry, each a path below the target):
 *
 * <ul>
 *   <li>an image {@code SRC_REGISTRY/REPO:TAG} goes to {@code PREFIX/SRC_REGISTRY/REPO:TAG}, e.g.
 *       {@code docker.io/library/nginx:1.25} to {@code mirror/docker.io/library/nginx:1.25};
 *   <li>with flatten, the source registry is dropped: {@code PREFIX/REPO:TAG}, e.g. {@code
 *       mirror/library/nginx:1.25};
 *   <li>a Helm chart {@code NAME} version {@code VERSION} goes to {@code
 *       PREFIX/charts/NAME:VERSION} ({@code +} in a version becomes {@code _}, as Helm does, since
 *       tags cannot hold {@code +}).
 * </ul>
 *
 * A source registry with a port appears with an underscore ({@code localhost_5000}), since
 * repository names hold no colon. An empty prefix leaves the path as it is. Digests and tags never
 * change. The embedded registry serves bundles, and the installer writes node mirrors, by this same
 * class.
 */
public final class TargetNaming {

  /** A path component of a repository name, as the distribution spec defines it. */
  private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";

  private final String prefix;
  private final boolean flatten;

  /**
   * @param prefix path below the registry host; slashes around and doubled are ignored; "" for none
   * @param flatten drop the source registry from the path
   * @throws IllegalArgumentException when the prefix is not a valid repository path
   */
  public TargetNaming(String prefix, boolean flatten) {
    this.prefix = normalizePrefix(prefix);
    this.flatten = flatten;
  }

  /**
   * A prefix without leading, trailing or doubled slashes.
   *
   * @throws IllegalArgumentException when a component is not valid in a repository name
   */
  public static String normalizePrefix(String prefix) {
    if (prefix == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (String part : prefix.strip().split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      if (!part.matches(COMPONENT)) {
        throw new IllegalArgumentException(
            "not a repository prefix: '"
                + prefix
                + "' (lower-case letters and digits, with . _ - between them, / between parts)");
      }
      out.append(out.length() == 0 ? "" : "/").append(part);
    }
    return out.toString();
  }

  /**
   * How a source registry appears as a path component: {@code docker.io} as is, a port's colon (not
   * allowed in repository names) as an underscore, {@code localhost:5000} as {@code
   * localhost_5000}.
   */
  public static String registryComponent(String registry) {
    String c = registry.toLowerCase(Locale.ROOT).replace(':', '_').replaceAll("[^a-z0-9._-]", "-");
    return c.replaceAll("^[^a-z0-9]+", "").replaceAll("[^a-z0-9]+$", "");
  }

  public String prefix() {
    return prefix;
  }

  public boolean flatten() {
    return flatten;
  }

  /** The target repository of an image, e.g. {@code mirror/docker.io/library/nginx}. */
  public String repository(ImageRef source) {
    return join(flatten ? null : registryComponent(source.registry()), source.repository());
  }

  /** The same for a reference in text form, such as {@code nginx:1.25}. */
  public String repository(String sourceRef) {
    return repository(ImageRef.parse(sourceRef));
  }

  /** The target repository of a Helm chart, e.g. {@code mirror/charts/nginx}. */
  public String chartRepository(String chartName) {
    return join("charts", chartName);
  }

  /**
   * The path under which everything from an upstream registry lies, which a node mirror for that
   * registry puts in front of each repository: {@code PREFIX/docker.io}, {@code PREFIX} when
   * flattened, or empty.
   */
  public String mirrorNamespace(String upstreamRegistry) {
    return join(flatten ? null : registryComponent(upstreamRegistry));
  }

  /** The tag of a chart version: Helm replaces {@code +}, which tags cannot hold, by {@code _}. */
  public static String chartTag(String version) {
    return version.replace('+', '_');
  }

  /** The full target reference of an image: {@code registry/PREFIX/SRC_REGISTRY/REPO:TAG}. */
  public String targetRef(String registryHost, ImageRef source) {
    String name = registryHost + "/" + repository(source);
    if (source.tag() != null) {
      return name + ":" + source.tag();
    }
    return source.digest() == null ? name : name + "@" + source.digest();
  }

  private String join(@Nullable String... parts) {
    StringBuilder out = new StringBuilder(prefix);
    for (String p : parts) {
      if (p != null && !p.isEmpty()) {
        out.append(out.length() == 0 ? "" : "/").append(p);
      }
    }
    return out.toString();
  }
}
