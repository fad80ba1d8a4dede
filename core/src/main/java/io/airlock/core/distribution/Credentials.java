package io.airlock.core.distribution;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A user name and password (or token) for a registry. Never printed: toString hides both. */
public record Credentials(String username, String password) {

  public Credentials {
    if (username == null || password == null) {
      throw new IllegalArgumentException("username and password are both required");
    }
  }

  /** The value of an {@code Authorization: Basic} header. */
  String basicHeader() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "Credentials[username=" + username + ", password=***]";
  }
}
