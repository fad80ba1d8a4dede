package io.airlock.installer.plan;

import io.airlock.core.bundle.Bundle;
import io.airlock.core.bundle.BundleImage;
import io.airlock.core.oci.ImageRef;
import java.util.List;
import java.util.TreeSet;

/**
 * What the plan needs to know of a bundle: its name, size (for the volume) and the upstream
 * registries its images come from (one node mirror each).
 */
public record BundleSummary(
    String name, String version, long sizeBytes, List<String> upstreams, int images, int charts) {

  public BundleSummary {
    upstreams = List.copyOf(upstreams);
  }

  public static BundleSummary of(Bundle b) {
    TreeSet<String> upstreams = new TreeSet<>();
    for (BundleImage i : b.images()) {
      ImageRef.tryParse(i.ref()).ifPresent(r -> upstreams.add(r.registry()));
    }
    return new BundleSummary(
        b.name() != null ? b.name() : b.path().getFileName().toString(),
        b.version(),
        b.sizeBytes(),
        List.copyOf(upstreams),
        b.images().size(),
        b.charts().size());
  }
}
