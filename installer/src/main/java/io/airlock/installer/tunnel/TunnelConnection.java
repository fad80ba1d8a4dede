package io.airlock.installer.tunnel;

import io.fabric8.kubernetes.client.http.WebSocket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One local connection carried to the pod's port over one port-forward stream of the API server
 * (the {@code v4.channel.k8s.io} WebSocket protocol: each message starts with its channel, 0 for
 * data and 1 for errors; the first message of each channel names the port). Bytes go one message at
 * a time, each sent only once the one before has left (a WebSocket allows one send in flight), so
 * nothing is dropped however fast the local side writes; bytes come back one message at a time, the
 * next asked for only once this one is written (flow control both ways).
 */
final class TunnelConnection implements WebSocket.Listener {

  // Large messages: the API server, the kubelet and the container runtime each pay per message.
  private static final int MESSAGE_BYTES = 256 * 1024;
  // A wait for the send in flight starts short and backs off: a busy machine is not woken up
  // tens of thousands of times a second per stream while the TLS write underneath takes its time.
  private static final long FIRST_WAIT_NANOS = 20_000;
  private static final long LONGEST_WAIT_NANOS = 1_000_000;
  private static final byte DATA = 0;
  private static final byte ERROR = 1;

  private final SocketChannel local;
  private final Consumer<String> onError;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final boolean[] portHeaderSeen = new boolean[2];

  /**
   * @param onError receives the pod side's error text (nothing listening, the pod gone)
   */
  TunnelConnection(SocketChannel local, Consumer<String> onError) {
    this.local = local;
    this.onError = onError;
  }

  /** Completes when both directions have ended. */
  CompletableFuture<Void> done() {
    return done;
  }

  @Override
  public void onOpen(WebSocket ws) {
    Thread pump = new Thread(() -> pumpUp(ws), "airlock-tunnel-up");
    pump.setDaemon(true);
    pump.start();
  }

  /** Local bytes to the pod, one message in flight at a time. */
  private void pumpUp(WebSocket ws) {
    // Direct: the socket reads into it without a copy (the WebSocket copies it when sending).
    ByteBuffer buffer = ByteBuffer.allocateDirect(MESSAGE_BYTES + 1);
    try {
      while (!closed.get()) {
        buffer.clear();
        buffer.put(DATA);
        int n = local.read(buffer);
        if (n < 0) {
          break;
        }
        buffer.flip();
        long wait = FIRST_WAIT_NANOS;
        while (!ws.send(buffer)) {
          if (closed.get()) {
            return;
          }
          wait = pause(wait);
        }
        wait = FIRST_WAIT_NANOS;
        while (ws.queueSize() > 0 && !closed.get()) {
          wait = pause(wait);
        }
      }
    } catch (IOException e) {
      // the local side went away: close the stream
    }
    close(ws, 1000, "local side closed");
  }

  private static long pause(long nanos) {
    LockSupport.parkNanos(nanos);
    return Math.min(nanos * 2, LONGEST_WAIT_NANOS);
  }

  @Override
  public void onMessage(WebSocket ws, ByteBuffer message) {
    if (!message.hasRemaining()) {
      ws.request();
      return;
    }
    byte channel = message.get();
    if (channel == DATA || channel == ERROR) {
      if (!portHeaderSeen[channel]) {
        portHeaderSeen[channel] = true; // the port number, two bytes
        ws.request();
        return;
      }
    }
    if (channel == ERROR) {
      String text = StandardCharsets.UTF_8.decode(message).toString().strip();
      if (!text.isEmpty()) {
        onError.accept(text);
      }
      close(ws, 1000, "error from the pod");
      return;
    }
    try {
      while (message.hasRemaining()) {
        local.write(message);
      }
      ws.request();
    } catch (IOException e) {
      close(ws, 1000, "local side closed");
    }
  }

  @Override
  public void onMessage(WebSocket ws, String text) {
    onMessage(ws, StandardCharsets.UTF_8.encode(text));
  }

  @Override
  public void onClose(WebSocket ws, int code, String reason) {
    close(null, code, reason);
  }

  @Override
  public void onError(WebSocket ws, Throwable error) {
    onError.accept(String.valueOf(error.getMessage()));
    close(null, 1011, "error");
  }

  private void close(WebSocket ws, int code, String reason) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (ws != null) {
      ws.sendClose(code, reason);
    }
    try {
      local.close();
    } catch (IOException e) {
      // nothing more to do for a closed connection
    }
    done.complete(null);
  }
}
