package io.airlock.core.distribution;

import java.net.URI;

/**
 * A blob upload the registry holds open: where to send the next bytes and how many it has.
 *
 * @param location the absolute upload URL the registry gave last (it may change each request)
 * @param offset bytes the registry has received so far
 */
public record UploadSession(URI location, long offset) {}
