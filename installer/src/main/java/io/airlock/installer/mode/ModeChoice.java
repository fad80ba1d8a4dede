package io.airlock.installer.mode;

import io.airlock.core.BadInputException;
import io.airlock.core.Phrase;
import io.airlock.core.Setting;
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
            Phrase.of("Invalid value of ", Setting.MODE, ": " + e.getMessage() + "."),
            Phrase.of("Run ", Setting.CLUSTER_PROBE, " to see which mode fits this cluster."));
      }
    }
    if (registryUrl != null && asked != null && asked != RegistryMode.EXTERNAL) {
      throw new BadInputException(
          Phrase.of(
              Setting.REGISTRY_URL,
              " uses your own registry (mode external) and cannot be combined with ",
              Setting.MODE,
              " " + asked.id() + "."),
          Phrase.of(
              "Drop ",
              Setting.REGISTRY_URL,
              " to let Airlock run its registry in mode " + asked.id() + ", or drop ",
              Setting.MODE,
              "."));
    }
    if (asked == RegistryMode.EXTERNAL && registryUrl == null) {
      throw new BadInputException(
          Phrase.of(Setting.MODE, " external needs ", Setting.REGISTRY_URL, " (your registry)."),
          Phrase.of("Add ", Setting.REGISTRY_URL, " HOST[:PORT][/PREFIX]."));
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
            Phrase.of("The airlock-state records an unknown mode '" + installed.mode() + "'."),
            Phrase.of("Pass ", Setting.MODE, " explicitly."));
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
          recorded, null, "kept from the earlier installation (choose another mode to switch)");
    }
    return new ModeChoice(recommended.mode(), null, "recommended for this cluster");
  }
}
