package io.airlock.core.distribution;

import io.airlock.core.digest.Digest;
import org.jspecify.annotations.Nullable;

/**
 * What a registry says about a manifest it holds.
 *
 * @param digest the digest the registry reports, or null when it reports none
 */
public record ManifestInfo(@Nullable Digest digest, String mediaType, long size) {}
