package io.airlock.core.registry;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The distribution spec's endpoints, matched on the decoded path. Repository names may contain
 * slashes, so each pattern takes the name greedily up to the endpoint's fixed suffix; the name is
 * then checked against the spec's grammar before it is used.
 *
 * @param kind which endpoint
 * @param name the repository, or null
 * @param reference the digest, tag or upload id after the endpoint, or null
 */
record Route(Kind kind, String name, String reference) {

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

  private record Rule(Kind kind, Pattern pattern) {}

  private static final List<Rule> RULES =
      List.of(
          new Rule(Kind.BASE, Pattern.compile("/v2/?")),
          new Rule(Kind.CATALOG, Pattern.compile("/v2/_catalog")),
          new Rule(Kind.UPLOAD_START, Pattern.compile("/v2/(.+)/blobs/uploads/?")),
          new Rule(Kind.UPLOAD, Pattern.compile("/v2/(.+)/blobs/uploads/([^/]+)")),
          new Rule(Kind.BLOB, Pattern.compile("/v2/(.+)/blobs/([^/]+)")),
          new Rule(Kind.MANIFEST, Pattern.compile("/v2/(.+)/manifests/([^/]+)")),
          new Rule(Kind.TAGS, Pattern.compile("/v2/(.+)/tags/list")),
          new Rule(Kind.REFERRERS, Pattern.compile("/v2/(.+)/referrers/([^/]+)")),
          new Rule(Kind.HEALTH, Pattern.compile("/healthz")),
          new Rule(Kind.METRICS, Pattern.compile("/metrics")));

  static Route of(String path) {
    for (Rule rule : RULES) {
      Matcher m = rule.pattern().matcher(path);
      if (m.matches()) {
        return new Route(
            rule.kind(),
            m.groupCount() >= 1 ? m.group(1) : null,
            m.groupCount() >= 2 ? m.group(2) : null);
      }
    }
    return new Route(Kind.UNKNOWN, null, null);
  }

  /** True for the endpoints under /v2/, which need a login when users are configured. */
  boolean isApi() {
    return kind != Kind.HEALTH && kind != Kind.METRICS;
  }
}
