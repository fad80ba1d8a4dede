package io.airlock.core.distribution;

import java.net.URI;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where an upload goes next: the Location a registry gives, query parameters, the Range it has. */
final class UploadUrls {

  private static final Pattern RANGE = Pattern.compile("^(?:bytes=)?(\\d+)-(\\d+)$");

  private UploadUrls() {}

  static URI location(String action, Transport.Response r) throws RegistryFailure {
    String location =
        r.header("Location")
            .orElseThrow(
                () ->
                    new RegistryFailure(
                        RegistryFailure.Kind.PROTOCOL,
                        action,
                        r.status(),
                        List.of(),
                        "the registry sent no Location for the upload",
                        null));
    return r.uri().resolve(location);
  }

  static URI withQuery(URI uri, String param) {
    String s = uri.toString();
    return URI.create(s + (s.contains("?") ? "&" : "?") + param);
  }

  /** {@code 0-1234} says bytes 0 to 1234 arrived: the next offset is 1235. */
  static long endOfRange(String range) {
    Matcher m = RANGE.matcher(range.trim());
    if (!m.matches()) {
      return 0;
    }
    long end = Long.parseLong(m.group(2));
    // distribution answers 0-0 for an empty upload; one byte is not worth the ambiguity.
    return end == 0 ? 0 : end + 1;
  }
}
