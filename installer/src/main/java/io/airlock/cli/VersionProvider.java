package io.airlock.cli;

import picocli.CommandLine;

/** picocli's version help: the lines {@link ToolHelp} prints without picocli. */
public final class VersionProvider implements CommandLine.IVersionProvider {

  public static String version() {
    return io.airlock.installer.AirlockVersion.version();
  }

  @Override
  public String[] getVersion() {
    return ToolHelp.versionLines();
  }
}
