package io.airlock.core.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/** The upload body's buffers: small first, so the first bytes go out early, then 1 MiB. */
class LargeBufferPublisherTest {

  @Test
  void theFirstBufferIsSmallAndEachNextTwiceAsLargeUpTo1MiB() {
    byte[] body = new byte[3 << 20];
    new Random(7).nextBytes(body);
    List<Integer> sizes = new ArrayList<>();
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    boolean[] completed = {false};
    new LargeBufferPublisher(() -> new ByteArrayInputStream(body))
        .subscribe(
            new Flow.Subscriber<>() {
              @Override
              public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
              }

              @Override
              public void onNext(ByteBuffer b) {
                sizes.add(b.remaining());
                received.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
              }

              @Override
              public void onError(Throwable t) {
                throw new AssertionError(t);
              }

              @Override
              public void onComplete() {
                completed[0] = true;
              }
            });
    int k = 1 << 10;
    assertEquals(List.of(64 * k, 128 * k, 256 * k, 512 * k, 1024 * k, 1024 * k, 64 * k), sizes);
    assertArrayEquals(body, received.toByteArray());
    assertTrue(completed[0], "completed");
  }
}
