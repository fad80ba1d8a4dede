package io.airlock.core.registry;

import io.airlock.core.progress.ProgressEvent;
import java.time.Instant;

/**
 * One request the registry answered, for access logs. Never carries credentials: only the user name
 * a valid login proved.
 *
 * @param user the authenticated user, or "-"
 * @param bytesOut bytes of the response body
 */
public record AccessLogEntry(
    Instant time,
    String remote,
    String user,
    String method,
    String uri,
    int status,
    long bytesIn,
    long bytesOut,
    long millis,
    String userAgent)
    implements ProgressEvent {

  /** The line printed for it: remote, user, time, request, status, bytes, duration, agent. */
  public String line() {
    return remote + " " + user + " [" + time + "] \"" + method + " " + uri + "\" " + status + " "
        + bytesOut + " " + millis + "ms \"" + userAgent + "\"";
  }
}
