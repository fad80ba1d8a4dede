package io.airlock.cli;

import picocli.CommandLine;

/** Reads the version Maven wrote into version.properties. */
public final class VersionProvider implements CommandLine.IVersionProvider {

  public static String version() {
    return io.airlock.installer.AirlockVersion.version();
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
