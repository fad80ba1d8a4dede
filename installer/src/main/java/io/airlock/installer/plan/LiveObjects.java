package io.airlock.installer.plan;

import io.airlock.installer.cluster.KubeErrors;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Optional;

/**
 * {@link ExistingObjects} read from the cluster; an object that may not be read counts as absent,
 * with a warning.
 */
public final class LiveObjects implements ExistingObjects {

  private final KubernetesClient client;
  private final List<String> warnings;

  public LiveObjects(KubernetesClient client, List<String> warnings) {
    this.client = client;
    this.warnings = warnings;
  }

  @Override
  public Optional<HasMetadata> find(HasMetadata desired) {
    try {
      return Optional.ofNullable(client.resource(desired).get());
    } catch (KubernetesClientException e) {
      if (KubeErrors.isFatal(e)) {
        throw e;
      }
      warnings.add(
          "cannot read "
              + desired.getKind()
              + " "
              + desired.getMetadata().getName()
              + " ("
              + KubeErrors.brief(e)
              + "); planned as new");
      return Optional.empty();
    }
  }
}
