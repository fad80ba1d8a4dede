package io.airlock.core.push;

import io.airlock.core.distribution.Credentials;
import io.airlock.core.distribution.RetryPolicy;
import io.airlock.core.distribution.TlsSettings;
import io.airlock.core.oci.TargetNaming;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

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
    @Nullable Credentials credentials,
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

  public TargetNaming naming() {
    return new TargetNaming(target.prefix(), flatten);
  }

  /** Options for pushing to {@code target} with every default. */
  public static PushOptions defaults(PushTarget target, boolean plainHttp, Path stateDir) {
    return builder(target, plainHttp, stateDir).build();
  }

  /** A builder starting from every default. */
  public static Builder builder(PushTarget target, boolean plainHttp, Path stateDir) {
    return new Builder(target, plainHttp, stateDir);
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    Builder b = new Builder(target, plainHttp, stateDir);
    b.flatten = flatten;
    b.tls = tls;
    b.credentials = credentials;
    b.concurrency = concurrency;
    b.retry = retry;
    b.only = only;
    b.verify = verify;
    b.chunkSize = chunkSize;
    return b;
  }

  /** Push options one setting at a time; {@link #build()} checks them. */
  public static final class Builder {
    private final PushTarget target;
    private final boolean plainHttp;
    private final Path stateDir;
    private boolean flatten;
    private TlsSettings tls = TlsSettings.defaults();
    private @Nullable Credentials credentials;
    private int concurrency = DEFAULT_CONCURRENCY;
    private RetryPolicy retry = RetryPolicy.defaults();
    private List<String> only = List.of();
    private boolean verify;
    private long chunkSize = DEFAULT_CHUNK_SIZE;

    private Builder(PushTarget target, boolean plainHttp, Path stateDir) {
      this.target = target;
      this.plainHttp = plainHttp;
      this.stateDir = stateDir;
    }

    public Builder flatten(boolean f) {
      this.flatten = f;
      return this;
    }

    public Builder tls(TlsSettings t) {
      this.tls = t;
      return this;
    }

    /** Null for anonymous access. */
    public Builder credentials(@Nullable Credentials c) {
      this.credentials = c;
      return this;
    }

    public Builder concurrency(int n) {
      this.concurrency = n;
      return this;
    }

    public Builder retry(RetryPolicy policy) {
      this.retry = policy;
      return this;
    }

    public Builder only(List<String> globs) {
      this.only = globs;
      return this;
    }

    public Builder verify(boolean v) {
      this.verify = v;
      return this;
    }

    public Builder chunkSize(long bytes) {
      this.chunkSize = bytes;
      return this;
    }

    public PushOptions build() {
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
          chunkSize,
          stateDir);
    }
  }
}
