package io.airlock.installer.mirrors;

import io.airlock.core.oci.TargetNaming;
import java.util.List;

/**
 * The registry the nodes' mirrors point at, and how to reach it.
 *
 * @param registry {@code HOST:PORT}, IPv6 hosts in brackets ({@code [::1]:5000})
 * @param plainHttp true for {@code http://} (only ever chosen explicitly, or for a node-local
 *     loopback endpoint)
 * @param caPem PEM of the CA that signed the registry's certificate, or null to rely on the node's
 *     system trust
 * @param skipVerify true to skip TLS verification (explicit choice, never the default)
 * @param prefix the push prefix (may be empty)
 * @param flatten true when the push dropped the source registry from paths
 * @param upstreams the upstream registries to mirror, e.g. docker.io, ghcr.io
 */
public record MirrorTarget(
    String registry,
    boolean plainHttp,
    String caPem,
    boolean skipVerify,
    String prefix,
    boolean flatten,
    List<String> upstreams) {

  public static final List<String> DEFAULT_UPSTREAMS =
      List.of("docker.io", "ghcr.io", "quay.io", "registry.k8s.io", "gcr.io");

  public MirrorTarget {
    upstreams = List.copyOf(upstreams);
    prefix = TargetNaming.normalizePrefix(prefix);
    if (!registry.matches("(\\[[0-9a-fA-F:.]+]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?")) {
      throw new IllegalArgumentException(
          "'" + registry + "' is not HOST[:PORT] (IPv6 in brackets: [::1]:5000)");
    }
    if (upstreams.isEmpty()) {
      throw new IllegalArgumentException("no upstream registries to mirror");
    }
    for (String u : upstreams) {
      if (!u.matches("[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
        throw new IllegalArgumentException("'" + u + "' is not a registry host name");
      }
    }
  }

  public String scheme() {
    return plainHttp ? "http" : "https";
  }

  /** {@code scheme://HOST:PORT}. */
  public String baseUrl() {
    return scheme() + "://" + registry;
  }

  /** The path under which {@code upstream}'s repositories lie in our registry (may be empty). */
  public String namespaceOf(String upstream) {
    return new TargetNaming(prefix, flatten).mirrorNamespace(upstream);
  }

  /**
   * The full API URL of the mirror for {@code upstream}, to be used as is (containerd {@code
   * override_path}, Talos {@code overridePath}): {@code http://HOST:PORT/v2/PREFIX/docker.io}.
   */
  public String overridePathEndpoint(String upstream) {
    String ns = namespaceOf(upstream);
    return baseUrl() + "/v2" + (ns.isEmpty() ? "" : "/" + ns);
  }

  /** The upstream's own endpoint, which containerd's {@code server} names. */
  static String upstreamServer(String upstream) {
    return "docker.io".equals(upstream) ? "https://registry-1.docker.io" : "https://" + upstream;
  }
}
