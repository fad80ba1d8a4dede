package io.airlock.core.bundle;

import org.jspecify.annotations.Nullable;

/**
 * An image as a reader found it, before it joins the bundle.
 *
 * @param recordedName the name the archive itself records (annotation or RepoTag), or null
 */
record FoundImage(BundleImage image, @Nullable String recordedName) {}
