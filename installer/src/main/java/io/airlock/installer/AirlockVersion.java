package io.airlock.installer;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The Airlock version Maven wrote into {@code version.properties} at build time. */
public final class AirlockVersion {

  private AirlockVersion() {}

  public static String version() {
    Properties p = new Properties();
    try (InputStream in =
        AirlockVersion.class.getResourceAsStream("/io/airlock/cli/version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // Fall through to "unknown": a version string is not worth failing for.
    }
    return p.getProperty("version", "unknown");
  }
}
