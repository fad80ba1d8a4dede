package io.airlock.core.push;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.airlock.core.archive.InlineContent;
import io.airlock.core.digest.Digest;
import io.airlock.core.progress.ProgressEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** When an upload's byte count becomes an event. */
class BlobProgressTest {

  private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();

  private BlobProgress progressOf(long size) {
    PushTotals totals = new PushTotals(events::add, 1, new AtomicInteger());
    totals.start(size);
    PushPlan.Blob blob =
        new PushPlan.Blob(Digest.sha256(new byte[0]), size, new InlineContent(new byte[0]));
    return new BlobProgress("app:1", blob, totals, events::add);
  }

  private List<Long> bytesEvents() {
    return events.stream()
        .filter(PushEvent.BlobBytes.class::isInstance)
        .map(e -> ((PushEvent.BlobBytes) e).doneBytes())
        .toList();
  }

  @Test
  void theFirstBytesOfABlobAreAnEventAtOnceThenEveryPercent() {
    BlobProgress p = progressOf(10_000_000); // 1% = 100,000 bytes
    p.advance(16_384);
    assertEquals(List.of(16_384L), bytesEvents(), "the upload shows as started at its first read");
    p.advance(100_000);
    assertEquals(List.of(16_384L), bytesEvents(), "then not before another percent");
    p.advance(116_384);
    p.advance(10_000_000);
    assertEquals(List.of(16_384L, 116_384L), bytesEvents(), "the last bytes: BlobDone tells");
  }

  @Test
  void aBlobReadWholeAtOnceGetsNoByteEvent() {
    BlobProgress p = progressOf(517);
    p.advance(517);
    assertEquals(List.of(), bytesEvents());
  }
}
