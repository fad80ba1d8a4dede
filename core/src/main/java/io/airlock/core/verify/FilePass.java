package io.airlock.core.verify;

import io.airlock.core.digest.HashAlgorithm;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.progress.StepProgress;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One read of a file feeding every hash that needs its bytes: whole-file digests (a signature's
 * SHA-256 and a checksum line's SHA-512 share the read), extra streams (pure Ed25519), and digests
 * of byte ranges (the blobs of a tar bundle). Memory stays flat: a few 1 MiB buffers whatever the
 * size.
 *
 * <p>Each consumer runs on its own thread, so with two cores a SHA-256 and a SHA-512 of the same
 * file take as long as the slower one, not their sum, and the disk read overlaps the hashing.
 */
public final class FilePass {

  static final int CHUNK = 1 << 20;
  private static final int UPDATE_SLICE = 64 * 1024;
  private static final int BUFFERS = 6;

  /** A slice of the file whose digest is wanted, e.g. one blob inside a tar. */
  public record Range(long offset, long size, MessageDigest digest) {}

  /** What the pass produced. */
  public record Result(long size, Map<HashAlgorithm, byte[]> digests, Map<Range, byte[]> ranges) {}

  private final Path file;
  private final String step;
  private final ProgressListener listener;
  private final Map<HashAlgorithm, MessageDigest> digests = new EnumMap<>(HashAlgorithm.class);
  private final List<MessageDigest> streams = new ArrayList<>();
  private final List<Range> ranges = new ArrayList<>();

  /**
   * @param step the progress step name, e.g. "verify"
   */
  public FilePass(Path file, String step, ProgressListener listener) {
    this.file = file;
    this.step = step;
    this.listener = listener;
  }

  public FilePass digest(HashAlgorithm algorithm) {
    digests.computeIfAbsent(algorithm, HashAlgorithm::newDigest);
    return this;
  }

  public FilePass stream(MessageDigest digest) {
    streams.add(digest);
    return this;
  }

  public FilePass range(Range range) {
    ranges.add(range);
    return this;
  }

  public boolean isEmpty() {
    return digests.isEmpty() && streams.isEmpty() && ranges.isEmpty();
  }

  /**
   * Reads the file once.
   *
   * @throws java.io.EOFException when a range runs past the end of the file
   * @throws InterruptedIOException when the thread was interrupted
   */
  public Result run() throws IOException {
    List<Lane> lanes = new ArrayList<>();
    for (MessageDigest md : digests.values()) {
      lanes.add(new Lane(List.of(new WholeSink(md))));
    }
    for (MessageDigest md : streams) {
      lanes.add(new Lane(List.of(new WholeSink(md))));
    }
    RangeSink rangeSink = ranges.isEmpty() ? null : new RangeSink(ranges);
    if (rangeSink != null) {
      lanes.add(new Lane(List.of(rangeSink)));
    }
    long size;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      size = channel.size();
      if (rangeSink != null) {
        rangeSink.checkWithin(size, file);
      }
      pump(channel, size, lanes);
    } catch (ClosedByInterruptException e) {
      InterruptedIOException interrupted = new InterruptedIOException("interrupted");
      interrupted.initCause(e);
      throw interrupted;
    }
    if (rangeSink != null) {
      rangeSink.finishRemaining();
    }
    Map<HashAlgorithm, byte[]> out = new EnumMap<>(HashAlgorithm.class);
    digests.forEach((alg, md) -> out.put(alg, md.digest()));
    return new Result(size, out, rangeSink == null ? Map.of() : rangeSink.results);
  }

  private void pump(FileChannel channel, long size, List<Lane> lanes) throws IOException {
    BlockingQueue<Chunk> free = new ArrayBlockingQueue<>(BUFFERS);
    for (int i = 0; i < BUFFERS; i++) {
      free.add(new Chunk(new byte[CHUNK]));
    }
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>();
    for (Lane lane : lanes) {
      Thread t = new Thread(() -> lane.work(free, failure), "airlock-hash");
      t.setDaemon(true);
      workers.add(t);
      t.start();
    }
    long done = 0;
    try {
      listener.onEvent(new StepProgress(step, file.getFileName().toString(), 0, size));
      while (true) {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedIOException("interrupted");
        }
        if (failure.get() != null) {
          break;
        }
        Chunk chunk = free.poll(100, TimeUnit.MILLISECONDS);
        if (chunk == null) {
          continue;
        }
        ByteBuffer buffer = ByteBuffer.wrap(chunk.bytes);
        int n = channel.read(buffer);
        if (n < 0) {
          break;
        }
        chunk.length = n;
        chunk.position = done;
        chunk.pending.set(lanes.size());
        for (Lane lane : lanes) {
          lane.queue.put(chunk);
        }
        done += n;
        listener.onEvent(new StepProgress(step, file.getFileName().toString(), done, size));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    } finally {
      for (Lane lane : lanes) {
        lane.queue.offer(Chunk.END);
      }
      boolean interrupted = Thread.currentThread().isInterrupted();
      for (Thread t : workers) {
        if (interrupted) {
          t.interrupt();
        }
        joinQuietly(t);
      }
    }
    Throwable t = failure.get();
    if (t instanceof IOException io) {
      throw io;
    }
    if (t instanceof RuntimeException re) {
      throw re;
    }
    if (t != null) {
      throw new IllegalStateException(t);
    }
  }

  private static void joinQuietly(Thread t) {
    boolean interrupted = false;
    while (t.isAlive()) {
      try {
        t.join();
      } catch (InterruptedException e) {
        interrupted = true;
        t.interrupt();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static final class Chunk {
    static final Chunk END = new Chunk(new byte[0]);

    final byte[] bytes;
    final AtomicInteger pending = new AtomicInteger();
    int length;
    long position;

    Chunk(byte[] bytes) {
      this.bytes = bytes;
    }
  }

  private interface Sink {
    void accept(byte[] bytes, int length, long position);
  }

  /** One consumer thread and the chunks waiting for it. */
  private static final class Lane {
    final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(BUFFERS + 1);
    final List<Sink> sinks;

    Lane(List<Sink> sinks) {
      this.sinks = sinks;
    }

    void work(BlockingQueue<Chunk> free, AtomicReference<Throwable> failure) {
      try {
        while (true) {
          Chunk chunk = queue.take();
          if (chunk == Chunk.END) {
            return;
          }
          try {
            if (failure.get() == null) {
              for (Sink sink : sinks) {
                sink.accept(chunk.bytes, chunk.length, chunk.position);
              }
            }
          } finally {
            if (chunk.pending.decrementAndGet() == 0) {
              free.add(chunk);
            }
          }
        }
      } catch (InterruptedException e) {
        failure.compareAndSet(null, new InterruptedIOException("interrupted"));
      } catch (RuntimeException | Error e) {
        failure.compareAndSet(null, e);
      }
    }
  }

  private record WholeSink(MessageDigest md) implements Sink {
    @Override
    public void accept(byte[] bytes, int length, long position) {
      update(md, bytes, 0, length);
    }
  }

  /**
   * Feeds a digest in 64 KiB slices. The JIT compiles the JDK's multi-block SHA loop with the CPU's
   * SHA instructions only after some hundreds of calls; with 1 MiB calls the first few hundred MB
   * of a file go through slower code (measured: ~10% more CPU for SHA-256 over 1 GB).
   */
  static void update(MessageDigest md, byte[] bytes, int offset, int length) {
    for (int end = offset + length; offset < end; offset += UPDATE_SLICE) {
      md.update(bytes, offset, Math.min(UPDATE_SLICE, end - offset));
    }
  }

  /** Feeds each range the bytes of the chunk that fall inside it, in file order. */
  private static final class RangeSink implements Sink {
    private final List<Range> sorted;
    private final List<Range> active = new ArrayList<>();
    private final Map<Range, byte[]> results = new IdentityHashMap<>();
    private int next;

    RangeSink(List<Range> ranges) {
      sorted = new ArrayList<>(ranges);
      sorted.sort(Comparator.comparingLong(Range::offset));
    }

    void checkWithin(long size, Path file) throws EOFException {
      for (Range r : sorted) {
        if (r.offset() + r.size() > size) {
          throw new EOFException(
              file
                  + " is truncated: it has "
                  + size
                  + " bytes, content runs to byte "
                  + (r.offset() + r.size()));
        }
      }
    }

    @Override
    public void accept(byte[] bytes, int length, long position) {
      long end = position + length;
      while (next < sorted.size() && sorted.get(next).offset() < end) {
        active.add(sorted.get(next++));
      }
      for (int i = 0; i < active.size(); i++) {
        Range r = active.get(i);
        long from = Math.max(r.offset(), position);
        long to = Math.min(r.offset() + r.size(), end);
        if (to > from) {
          update(r.digest(), bytes, (int) (from - position), (int) (to - from));
        }
        if (r.offset() + r.size() <= end) {
          results.put(r, r.digest().digest());
          active.remove(i--);
        }
      }
    }

    /**
     * Finishes ranges the chunks never closed: empty ones at the very end of the file (or in an
     * empty file). A longer one left open means the file shrank while being read; its digest is
     * then of fewer bytes, and so it will not match.
     */
    void finishRemaining() {
      while (next < sorted.size()) {
        active.add(sorted.get(next++));
      }
      for (Range r : active) {
        results.put(r, r.digest().digest());
      }
      active.clear();
    }
  }
}
