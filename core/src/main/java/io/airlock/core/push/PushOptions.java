package io.airlock.core.push;

import io.airlock.core.distribution.Credentials;
import io.airlock.core.distribution.RetryPolicy;
import io.airlock.core.distribution.TlsSettings;
import io.airlock.core.oci.TargetNaming;
import java.nio.file.Path;
import java.util.List;

/**
 * How to push a bundle.
 *
 * @param credentials null for anonymous access
 * @param concurrency blobs in flight at once (default 6, as skopeo)
 * @param only globs over source refs (and {@code charts/NAME:VERSION}); empty for everything
 * @param verify read every manifest back afterwards and compare digests
 * @param chunkSize bytes per PATCH of a chunked upload; blobs up to this size go in one PUT
 * @param stateDir where the resume state of an interrupted push is kept
 */
public record PushOptions(
    PushTarget target,
    boolean flatten,
    boolean plainHttp,
    TlsSettings tls,
    Credentials credentials,
    int concurrency,
    RetryPolicy retry,
    List<String> only,
    boolean verify,
    long chunkSize,
    Path stateDir) {

  public static final int DEFAULT_CONCURRENCY = 6;
  public static final long DEFAULT_CHUNK_SIZE = 32L << 20;

  public PushOptions {
    only = List.copyOf(only);
    if (concurrency < 1 || concurrency > 64) {
      throw new IllegalArgumentException("concurrency must be between 1 and 64");
    }
    if (chunkSize < 1024) {
      throw new IllegalArgumentException("chunk size must be at least 1 KiB");
    }
  }

  /** Options for pushing to {@code target} with every default. */
  public static PushOptions defaults(PushTarget target, boolean plainHttp, Path stateDir) {
    return new PushOptions(
        target,
        false,
        plainHttp,
        TlsSettings.defaults(),
        null,
        DEFAULT_CONCURRENCY,
        RetryPolicy.defaults(),
        List.of(),
        false,
        DEFAULT_CHUNK_SIZE,
        stateDir);
  }

  public TargetNaming naming() {
    return new TargetNaming(target.prefix(), flatten);
  }

  public PushOptions withOnly(List<String> globs) {
    return new PushOptions(
        target,
        flatten,
        plainHttp,
        tls,
        credentials,
        concurrency,
        retry,
        globs,
        verify,
        chunkSize,
        stateDir);
  }

  public PushOptions withRetry(RetryPolicy policy) {
    return new PushOptions(
        target,
        flatten,
        plainHttp,
        tls,
        credentials,
        concurrency,
        policy,
        only,
        verify,
        chunkSize,
        stateDir);
  }

  public PushOptions withChunkSize(long bytes) {
    return new PushOptions(
        target,
        flatten,
        plainHttp,
        tls,
        credentials,
        concurrency,
        retry,
        only,
        verify,
        bytes,
        stateDir);
  }

  public PushOptions withCredentials(Credentials c) {
    return new PushOptions(
        target, flatten, plainHttp, tls, c, concurrency, retry, only, verify, chunkSize, stateDir);
  }

  public PushOptions withTls(TlsSettings t) {
    return new PushOptions(
        target,
        flatten,
        plainHttp,
        t,
        credentials,
        concurrency,
        retry,
        only,
        verify,
        chunkSize,
        stateDir);
  }

  public PushOptions withVerify(boolean v) {
    return new PushOptions(
        target,
        flatten,
        plainHttp,
        tls,
        credentials,
        concurrency,
        retry,
        only,
        v,
        chunkSize,
        stateDir);
  }

  public PushOptions withFlatten(boolean f) {
    return new PushOptions(
        target,
        f,
        plainHttp,
        tls,
        credentials,
        concurrency,
        retry,
        only,
        verify,
        chunkSize,
        stateDir);
  }

  public PushOptions withConcurrency(int n) {
    return new PushOptions(
        target, flatten, plainHttp, tls, credentials, n, retry, only, verify, chunkSize, stateDir);
  }
}
