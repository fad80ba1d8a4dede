package io.airlock.installer.mode;

import io.airlock.core.BadInputException;
import io.airlock.installer.state.InstallState;

/**
 * The mode a run uses: what the user asked for, else what an earlier run chose (kept, seed 001),
 * else the recommendation. A registry URL means the external mode; combining it with a proxy or
 * NodePort mode is an error (seed 001).
 *
 * @param switchedFrom the mode recorded in the cluster when this run changes it, else null
 * @param why one line on how the mode was chosen
 */
public record ModeChoice(RegistryMode mode, RegistryMode switchedFrom, String why) {

  public static ModeChoice resolve(
      String requested, String registryUrl, InstallState installed, ModeAdvice recommended)
      throws BadInputException {
    RegistryMode asked = null;
    if (requested != null) {
      try {
        asked = RegistryMode.parse(requested);
      } catch (IllegalArgumentException e) {
        throw new BadInputException(
            "Invalid --mode: " + e.getMessage() + ".",
            "Run 'airlock cluster probe' to see which mode fits this cluster.");
      }
    }
    if (registryUrl != null && asked != null && asked != RegistryMode.EXTERNAL) {
      throw new BadInputException(
          "--registry-url uses your own registry (mode external) and cannot be combined with --mode "
              + asked.id()
              + ".",
          "Drop --registry-url to let Airlock run its registry in mode "
              + asked.id()
              + ", or drop --mode.");
    }
    if (asked == RegistryMode.EXTERNAL && registryUrl == null) {
      throw new BadInputException(
          "--mode external needs --registry-url (your registry).",
          "Add --registry-url HOST[:PORT][/PREFIX].");
    }
    if (registryUrl != null) {
      asked = RegistryMode.EXTERNAL;
    }
    RegistryMode recorded = null;
    if (installed != null && installed.mode() != null) {
      try {
        recorded = RegistryMode.parse(installed.mode());
      } catch (IllegalArgumentException e) {
        throw new BadInputException(
            "The airlock-state records an unknown mode '" + installed.mode() + "'.",
            "Pass --mode explicitly.");
      }
    }
    if (asked != null) {
      if (recorded != null && recorded != asked) {
        return new ModeChoice(
            asked,
            recorded,
            "you asked for "
                + asked.id()
                + "; this switches from "
                + recorded.id()
                + ", installed earlier");
      }
      return new ModeChoice(asked, null, "you asked for " + asked.id());
    }
    if (recorded != null) {
      return new ModeChoice(
          recorded, null, "kept from the earlier installation (pass --mode to switch)");
    }
    return new ModeChoice(recommended.mode(), null, "recommended for this cluster");
  }
}
