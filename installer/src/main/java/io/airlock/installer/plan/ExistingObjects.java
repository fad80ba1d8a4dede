package io.airlock.installer.plan;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Optional;

/** Looks up the cluster's current version of an object the plan wants. */
@FunctionalInterface
public interface ExistingObjects {

  /** None: every object is new (offline planning). */
  ExistingObjects NONE = desired -> Optional.empty();

  Optional<HasMetadata> find(HasMetadata desired);
}
