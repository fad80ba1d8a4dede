package io.airlock.core.bundle;

import io.airlock.core.digest.Digest;
import java.util.List;
import java.util.Set;

/**
 * One image (or other OCI artifact) in a bundle.
 *
 * @param ref the full reference it will be known by, e.g. {@code docker.io/library/nginx:1.25}
 * @param refGuessed true when no name was recorded and the ref was made from file names
 * @param digest digest of the top manifest or index exactly as stored
 * @param mediaType media type of that top document
 * @param platforms the platforms it runs on, e.g. {@code linux/amd64}; empty for artifacts
 * @param sizeBytes every distinct blob of the image counted once, manifests included
 * @param source where in the bundle it was found, relative to the bundle root
 * @param blobs digests of every blob the image needs, manifests included
 */
public record BundleImage(
    String ref,
    boolean refGuessed,
    Digest digest,
    String mediaType,
    List<String> platforms,
    long sizeBytes,
    String source,
    Set<Digest> blobs) {

  public BundleImage {
    platforms = List.copyOf(platforms);
    blobs = Set.copyOf(blobs);
  }

  public BundleImage withRef(String newRef, boolean guessed) {
    return new BundleImage(newRef, guessed, digest, mediaType, platforms, sizeBytes, source, blobs);
  }
}
