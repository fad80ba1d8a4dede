package io.airlock.installer.mode;

import io.airlock.core.Phrase;
import java.util.List;

/**
 * A registry mode and what comes with it. What the user may have to set is a {@link
 * io.airlock.core.Setting} in a {@link Phrase}: each front end words it.
 *
 * @param reasons why this mode (for a recommendation) or what the facts say about it
 * @param needs what the cluster must allow or provide
 * @param consents what the user accepts by choosing it (and the flag that says so, where one is
 *     needed)
 * @param blockers facts that make the mode fail as things stand
 */
public record ModeAdvice(
    RegistryMode mode,
    List<String> reasons,
    List<Phrase> needs,
    List<Phrase> consents,
    List<Phrase> blockers) {

  public ModeAdvice {
    reasons = List.copyOf(reasons);
    needs = List.copyOf(needs);
    consents = List.copyOf(consents);
    blockers = List.copyOf(blockers);
  }
}
