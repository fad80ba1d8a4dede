package io.airlock.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** Reads the version Maven wrote into version.properties. */
public final class VersionProvider implements CommandLine.IVersionProvider {

  public static String version() {
    Properties p = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // Fall through to "unknown": a version string is not worth failing for.
    }
    return p.getProperty("version", "unknown");
  }

  // String.join rather than +: the JVM's first string concatenation costs milliseconds at start
  // (invokedynamic bootstrap), and 'airlock --version' answers in a few dozen.
  @Override
  public String[] getVersion() {
    return new String[] {
      String.join(" ", "airlock", version()),
      String.join(
          "",
          "Java ",
          System.getProperty("java.version"),
          " (",
          System.getProperty("java.vendor"),
          ")")
    };
  }
}
