package io.airlock.core.bundle;

import io.airlock.core.archive.ContentSource;
import io.airlock.core.digest.Digest;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A Helm chart in a bundle.
 *
 * @param source where in the bundle it was found
 * @param digest digest of the chart archive exactly as stored
 * @param content the chart archive (.tgz or .tar)
 * @param ociManifest when the chart came as an OCI artifact, the digest of its manifest
 */
public record BundleChart(
    String name,
    String version,
    @Nullable String appVersion,
    String source,
    Digest digest,
    long sizeBytes,
    ContentSource content,
    @Nullable Digest ociManifest) {

  public Optional<Digest> ociManifestIfAny() {
    return Optional.ofNullable(ociManifest);
  }
}
