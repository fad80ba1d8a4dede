package io.airlock.core.push;

import io.airlock.core.oci.ImageRef;
import java.util.Locale;

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
 * An empty prefix leaves the path as it is. Digests and tags never change.
 */
public final class TargetNaming {

  private final String prefix;
  private final boolean flatten;

  /**
   * @param prefix path below the registry host, without slashes around it; "" for none
   * @param flatten drop the source registry from the path
   */
  public TargetNaming(String prefix, boolean flatten) {
    String p = prefix == null ? "" : prefix.strip();
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (!p.equals(p.toLowerCase(Locale.ROOT)) || p.contains("//") || p.contains(":")) {
      throw new IllegalArgumentException(
          "not a repository prefix: '" + prefix + "' (lower case path components only)");
    }
    this.prefix = p;
    this.flatten = flatten;
  }

  public String prefix() {
    return prefix;
  }

  public boolean flatten() {
    return flatten;
  }

  /** The target repository of an image, e.g. {@code mirror/docker.io/library/nginx}. */
  public String repository(ImageRef source) {
    return join(flatten ? source.repository() : source.registry() + "/" + source.repository());
  }

  /** The same for a reference in text form, such as {@code nginx:1.25}. */
  public String repository(String sourceRef) {
    return repository(ImageRef.parse(sourceRef));
  }

  /** The target repository of a Helm chart, e.g. {@code mirror/charts/nginx}. */
  public String chartRepository(String chartName) {
    return join("charts/" + chartName);
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

  private String join(String path) {
    return prefix.isEmpty() ? path : prefix + "/" + path;
  }
}
