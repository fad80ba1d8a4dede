package io.airlock.core.registry;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The distribution spec's endpoints, matched on the decoded path. Repository names may contain
 * slashes, so each pattern takes the name greedily up to the endpoint's fixed suffix; the name is
 * then checked against the spec's grammar before it is used.
 *
 * @param kind which endpoint
 * @param name the repository, or null
 * @param reference the digest, tag or upload id after the endpoint, or null
 */
record Route(Kind kind, @Nullable String name, @Nullable String reference) {

  enum Kind {
    BASE("base"),
    CATALOG("catalog"),
    UPLOAD_START("upload"),
    UPLOAD("upload"),
    BLOB("blob"),
    MANIFEST("manifest"),
    TAGS("tags"),
    REFERRERS("referrers"),
    HEALTH("healthz"),
    METRICS("metrics"),
    UNKNOWN("other");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** The route label in metrics. */
    String label() {
      return label;
    }
  }

  /**
   * Endpoints whose path ends in a reference, by the segment before it: {@code NAME/SEGMENT/REF}.
   */
  private static final List<Map.Entry<Kind, String>> WITH_REFERENCE =
      List.of(
          Map.entry(Kind.UPLOAD, "/blobs/uploads"),
          Map.entry(Kind.BLOB, "/blobs"),
          Map.entry(Kind.MANIFEST, "/manifests"),
          Map.entry(Kind.REFERRERS, "/referrers"));

  // Matched from the end with plain string work. Names may hold slashes, so the name is whatever
  // precedes the endpoint's fixed suffix. (A regular expression with a greedy name group did the
  // same, but it backtracks over every path and was among the costliest things a cold server
  // compiled.)
  static Route of(String path) {
    switch (path) {
      case "/v2", "/v2/":
        return new Route(Kind.BASE, null, null);
      case "/v2/_catalog":
        return new Route(Kind.CATALOG, null, null);
      case "/healthz":
        return new Route(Kind.HEALTH, null, null);
      case "/metrics":
        return new Route(Kind.METRICS, null, null);
      default:
        break;
    }
    if (!path.startsWith("/v2/")) {
      return NO_ROUTE;
    }
    String rest = path.substring("/v2/".length());
    String uploadName =
        beforeSuffix(
            rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest, "/blobs/uploads");
    if (uploadName != null) {
      return new Route(Kind.UPLOAD_START, uploadName, null);
    }
    String tagsName = beforeSuffix(rest, "/tags/list");
    if (tagsName != null) {
      return new Route(Kind.TAGS, tagsName, null);
    }
    int slash = rest.lastIndexOf('/');
    if (slash < 0 || slash == rest.length() - 1) {
      return NO_ROUTE;
    }
    String reference = rest.substring(slash + 1);
    for (Map.Entry<Kind, String> endpoint : WITH_REFERENCE) {
      String name = beforeSuffix(rest.substring(0, slash), endpoint.getValue());
      if (name != null) {
        return new Route(endpoint.getKey(), name, reference);
      }
    }
    return NO_ROUTE;
  }

  private static final Route NO_ROUTE = new Route(Kind.UNKNOWN, null, null);

  /** {@code text} without {@code suffix}, or null when it does not end so or nothing is left. */
  private static @Nullable String beforeSuffix(String text, String suffix) {
    if (!text.endsWith(suffix) || text.length() == suffix.length()) {
      return null;
    }
    return text.substring(0, text.length() - suffix.length());
  }

  /** The reference of an endpoint that has one (blob, manifest, upload, referrers). */
  String requiredReference() {
    return Objects.requireNonNull(reference, () -> kind + " has no reference");
  }

  /** True for the endpoints under /v2/, which need a login when users are configured. */
  boolean isApi() {
    return kind != Kind.HEALTH && kind != Kind.METRICS;
  }
}
