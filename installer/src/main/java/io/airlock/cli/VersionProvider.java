package io.airlock.cli;

import picocli.CommandLine;

/** Reads the version Maven wrote into version.properties. */
public final class VersionProvider implements CommandLine.IVersionProvider {

  public static String version() {
    return io.airlock.installer.AirlockVersion.version();
  }

  @Override
  public String[] getVersion() {
    return new String[] {
      "airlock " + version(),
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
    };
  }
}
