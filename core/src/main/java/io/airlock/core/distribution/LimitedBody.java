package io.airlock.core.distribution;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/**
 * An answer's body read into memory, given up (and the connection's stream cancelled) as soon as it
 * passes its limit: a registry that answers a manifest request with gigabytes fails the call
 * instead of the JVM.
 */
final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {

  /** The answer was larger than the call allows. */
  static final class TooLargeException extends IOException {
    TooLargeException(long limit) {
      super("the registry's answer is larger than the " + limit + " bytes expected");
    }
  }

  private final HttpResponse.BodySubscriber<byte[]> bytes =
      HttpResponse.BodySubscribers.ofByteArray();
  private final long limit;
  private long received;
  private Flow.@Nullable Subscription subscription;
  private boolean refused;

  private LimitedBody(long limit) {
    this.limit = limit;
  }

  static HttpResponse.BodyHandler<byte[]> handler(long limit) {
    return info -> new LimitedBody(limit);
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return bytes.getBody();
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    bytes.onSubscribe(s);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (refused) {
      return;
    }
    for (ByteBuffer b : items) {
      received += b.remaining();
    }
    if (received > limit) {
      refused = true;
      // onSubscribe comes before any onNext
      Objects.requireNonNull(subscription).cancel();
      bytes.onError(new TooLargeException(limit));
      return;
    }
    bytes.onNext(items);
  }

  @Override
  public void onError(Throwable t) {
    if (!refused) {
      bytes.onError(t);
    }
  }

  @Override
  public void onComplete() {
    if (!refused) {
      bytes.onComplete();
    }
  }
}
