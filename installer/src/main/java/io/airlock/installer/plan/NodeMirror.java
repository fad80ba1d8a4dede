package io.airlock.installer.plan;

import io.airlock.installer.mirrors.MirrorFormat;

/**
 * The mirror configuration one node needs.
 *
 * @param format null when Airlock has no format for the node's runtime
 * @param configMap the ConfigMap in the plan holding the files, or null
 */
public record NodeMirror(
    String node, String runtime, MirrorFormat format, String configMap, String note) {}
