package io.airlock.core.distribution;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A request body publisher that reads its stream in 1 MiB buffers. The JDK's own stream publisher
 * reads 16 KiB at a time, and the HTTP client's cost is per buffer: with large buffers an upload
 * costs a fraction of the CPU, which on a small machine the registry needs too. The first buffer is
 * small and each next one twice as large: a body's first bytes go out once 64 KiB are read and
 * hashed, not 1 MiB (in a new JVM, before the JIT has compiled SHA-256, about 15-20 ms sooner).
 */
final class LargeBufferPublisher implements Flow.Publisher<ByteBuffer> {

  private static final int FIRST_BUFFER = 64 << 10;
  private static final int BUFFER = 1 << 20;

  private final StreamOpener opener;

  /** Opens the body; called once per subscription (each send of the request). */
  interface StreamOpener {
    InputStream open() throws IOException;
  }

  LargeBufferPublisher(StreamOpener opener) {
    this.opener = opener;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
    subscriber.onSubscribe(new Subscription(subscriber));
  }

  private final class Subscription implements Flow.Subscription {
    private final Flow.Subscriber<? super ByteBuffer> subscriber;
    private final AtomicLong demand = new AtomicLong();
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile boolean done;
    private @Nullable InputStream in;
    private int nextBuffer = FIRST_BUFFER;

    Subscription(Flow.Subscriber<? super ByteBuffer> subscriber) {
      this.subscriber = subscriber;
    }

    @Override
    public void request(long n) {
      if (n <= 0 || done) {
        return;
      }
      demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
      drain();
    }

    /** Emits while there is demand; one thread at a time, re-entrant calls just add demand. */
    private void drain() {
      while (!done && demand.get() > 0 && draining.compareAndSet(false, true)) {
        try {
          while (!done && demand.get() > 0) {
            if (in == null) {
              in = opener.open();
            }
            byte[] buffer = new byte[nextBuffer];
            nextBuffer = Math.min(BUFFER, nextBuffer * 2);
            int filled = 0;
            int n = 0;
            while (filled < buffer.length
                && (n = in.read(buffer, filled, buffer.length - filled)) > 0) {
              filled += n;
            }
            if (filled > 0) {
              demand.decrementAndGet();
              subscriber.onNext(ByteBuffer.wrap(buffer, 0, filled));
            }
            if (n < 0) {
              finish(null);
            }
          }
        } catch (IOException | RuntimeException e) {
          finish(e);
        } finally {
          draining.set(false);
        }
      }
    }

    private void finish(@Nullable Throwable failure) {
      if (done) {
        return;
      }
      done = true;
      closeQuietly();
      if (failure == null) {
        subscriber.onComplete();
      } else {
        subscriber.onError(failure);
      }
    }

    @Override
    public void cancel() {
      done = true;
      closeQuietly();
    }

    private void closeQuietly() {
      if (in != null) {
        try {
          in.close();
        } catch (IOException e) {
          // closing a read-only source cannot lose anything
        }
      }
    }
  }
}
