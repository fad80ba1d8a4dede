package io.airlock.installer.pipeline;

import io.airlock.core.AirlockException;
import io.airlock.core.bundle.Bundle;
import io.airlock.core.bundle.BundleOpener;
import io.airlock.core.push.PushEngine;
import io.airlock.core.push.PushReport;
import io.airlock.installer.mode.RegistryMode;
import io.airlock.installer.plan.PlanParts;
import io.airlock.installer.target.RegistryTarget;
import io.airlock.installer.tunnel.PodTunnel;
import io.airlock.node.NodeImages;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Pushes the node program's image (built from source into this jar) into the registry the nodes
 * pull from, with the same engine and naming as the bundle, and names it as the nodes reach it.
 */
final class NodeImagePush {

  private NodeImagePush() {}

  /**
   * {@code NODE_ADDRESS/PREFIX/airlock.local/airlock/nodecfg:VERSION@sha256:...}; in mode
   * hostnetwork the seed injector's address instead, which the seed serves it from: the nodes reach
   * the registry only at [::1], and an image reference cannot hold an IPv6 literal.
   */
  static String push(InstallRun run) throws AirlockException, InterruptedIOException {
    NodeImages images = NodeImages.load();
    if (run.plan != null && run.plan.mode().mode() == RegistryMode.HOSTNETWORK) {
      // By tag, as the proxy: the seed's index holds only the cluster's architectures, so its
      // digest is not the one built here.
      return PlanParts.seedAddress(RegistryMode.HOSTNETWORK)
          + "/"
          + images.nodecfgImage().reference();
    }
    Path layout = run.workDir().resolve("node-images-" + images.layoutDigest().hex() + ".tar");
    try {
      if (!Files.exists(layout)) {
        Files.createDirectories(run.workDir());
        images.writeLayout(layout);
      }
    } catch (IOException e) {
      throw new io.airlock.core.BadInputException(
          "Cannot write the node images to " + layout + ": " + e.getMessage() + ".",
          "Check that the work directory is writable and has space.",
          e);
    }
    Bundle bundle = new BundleOpener(run.workDir(), e -> {}).open(layout);
    PushReport r;
    if (run.request().destination() instanceof InstallRequest.Destination.InCluster) {
      try (PodTunnel tunnel = ClusterRegistry.tunnel(run)) {
        r = push(run, ClusterRegistry.target(run, tunnel), bundle);
      }
    } else {
      r = push(run, run.pushTarget, bundle);
    }
    PushReport.Pushed p =
        r.artifacts().stream()
            .filter(a -> a.name().startsWith(NodeImages.NODECFG_IMAGE))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("the node images hold no nodecfg image"));
    String path = p.targetRef().substring(p.targetRef().indexOf('/') + 1);
    return run.mirrorTarget.registry() + "/" + path + "@" + p.digest();
  }

  private static PushReport push(InstallRun run, RegistryTarget target, Bundle bundle)
      throws AirlockException, InterruptedIOException {
    return new PushEngine(
            target.pushOptions(run.workDir().resolve("push-state")).toBuilder()
                .only(List.of(NodeImages.NODECFG_IMAGE + ":*"))
                .build(),
            run.workDir().resolve("push"),
            e -> {})
        .push(bundle);
  }
}
