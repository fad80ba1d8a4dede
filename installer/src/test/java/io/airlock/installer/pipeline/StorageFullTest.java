package io.airlock.installer.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.AirlockException;
import io.airlock.core.RemoteFailureException;
import io.airlock.core.distribution.RegistryError;
import io.airlock.core.distribution.RegistryFailure;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.push.PushEvent;
import io.airlock.installer.plan.InstallPlan;
import io.airlock.installer.plan.PlannedChange;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The install's words for a push its registry's full storage refused, for the volume kinds the lab
 * cannot run (a claim on a StorageClass); {@code InstallFullDiskIT} runs the node directory on the
 * lab's node. Other failures stay as the push engine said them.
 */
class StorageFullTest {

  static final String SAID =
      "the registry's storage is full: no space left on its disk (0 B free of 12.6 MB); the"
          + " registry's operator can free space there or remove unreferenced content";

  @Test
  void aFullClaimIsNamedWithItsSizeAndHowToGrowIt() {
    InstallRun run = run(claim("20Gi"));
    AirlockException e =
        StorageFull.of(
                pushFailure(507, SAID),
                run,
                new PushEvent.Totals(10_000_000, 30_000_000, 0, 0, -1, 1, 9))
            .orElseThrow();
    assertEquals(
        "The in-cluster registry's storage is full (pushing docker.io/x/y:1): its data is in the"
            + " volume of claim airlock-system/airlock-registry (20Gi asked for), which has 0 B free"
            + " of 12.6 MB. The push needs 30.0 MB in all; about 20.0 MB of it was still to store.",
        e.getMessage());
    assertTrue(
        e.hint()
            .orElseThrow()
            .startsWith("Give the claim airlock-system/airlock-registry more room"),
        e.hint().orElseThrow());
    assertEquals(Optional.of(StorageFull.CODE), e.code());
  }

  @Test
  void otherFailuresStayAsTheyWere() {
    assertEquals(
        Optional.empty(),
        StorageFull.of(pushFailure(500, "internal error"), run(claim("20Gi")), null));
  }

  private static AirlockException pushFailure(int status, String said) {
    RegistryFailure f =
        new RegistryFailure(
            RegistryFailure.Kind.SERVER,
            "upload blob sha256:ab to 127.0.0.1:40000/docker.io/x/y",
            status,
            List.of(new RegistryError("DENIED", said, null)),
            null,
            null);
    return new RemoteFailureException(
        "The registry 127.0.0.1:40000 refused while pushing docker.io/x/y:1 (blob sha256:ab): "
            + f.getMessage(),
        "hint",
        f);
  }

  private static PlannedChange claim(String size) {
    return new PlannedChange(
        PlannedChange.Action.CREATE,
        new PersistentVolumeClaimBuilder()
            .withNewMetadata()
            .withName("airlock-registry")
            .withNamespace("airlock-system")
            .endMetadata()
            .withNewSpec()
            .withNewResources()
            .addToRequests("storage", new Quantity(size))
            .endResources()
            .endSpec()
            .build(),
        "");
  }

  private static InstallRun run(PlannedChange change) {
    InstallRun run =
        new InstallRun(
            new InstallRequest(
                Path.of("bundle"),
                null,
                new InstallRequest.Trust.Unverified("test"),
                new InstallRequest.Destination.InCluster(),
                ClusterRequest.defaults(null, null, "airlock-system"),
                Path.of("work"),
                null,
                InstallRequest.PushTuning.defaults(),
                InstallRequest.Charts.NONE),
            ProgressListener.NONE);
    run.plan =
        new InstallPlan(
            null, null, null, null, List.of(change), List.of(), List.of(), List.of(), List.of());
    return run;
  }
}
