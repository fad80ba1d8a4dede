package io.airlock.installer.tunnel;

import io.airlock.core.RemoteFailureException;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.WebSocket;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A port on this machine's loopback that reaches a port of a pod through the API server, like
 * {@code kubectl port-forward}, made for pushing: every local connection gets its own stream (so
 * the push engine's parallel uploads are parallel tunnels), the pod is looked up again when a
 * stream fails (a restarted registry pod has a new name), and a dropped stream costs only that
 * connection, which the push engine's retry opens anew. Listens on 127.0.0.1 only.
 */
public final class PodTunnel implements AutoCloseable {

  private static final long OPEN_TIMEOUT_SECONDS = 30;

  private final KubernetesClient client;
  private final String namespace;
  private final Map<String, String> selector;
  private final int podPort;
  private final ServerSocketChannel server;
  private final Consumer<String> notes;
  private final AtomicReference<String> pod = new AtomicReference<>();
  private final AtomicInteger streams = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicReference<String> lastError = new AtomicReference<>();
  private final Thread acceptor;
  private volatile boolean open = true;

  private PodTunnel(
      KubernetesClient client,
      String namespace,
      Map<String, String> selector,
      int podPort,
      ServerSocketChannel server,
      Consumer<String> notes) {
    this.client = client;
    this.namespace = namespace;
    this.selector = Map.copyOf(selector);
    this.podPort = podPort;
    this.server = server;
    this.notes = notes;
    this.acceptor = new Thread(this::accept, "airlock-tunnel-accept");
    this.acceptor.setDaemon(true);
  }

  /**
   * Opens the local port: {@code preferredPort} when free (a stable port lets an interrupted push
   * resume its uploads on the next run), else any.
   *
   * @param selector the labels of the pod to reach; a Ready one is chosen per stream
   * @param notes receives what a person should know (a stream that failed, the pod changing)
   */
  public static PodTunnel open(
      KubernetesClient client,
      String namespace,
      Map<String, String> selector,
      int podPort,
      int preferredPort,
      Consumer<String> notes)
      throws RemoteFailureException {
    ServerSocketChannel server;
    try {
      server = ServerSocketChannel.open();
      try {
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), preferredPort));
      } catch (BindException e) {
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      }
    } catch (IOException e) {
      throw new RemoteFailureException(
          "Cannot open a local port for the tunnel to the registry: " + e.getMessage() + ".",
          "Check that this machine allows listening on 127.0.0.1.",
          e);
    }
    PodTunnel t = new PodTunnel(client, namespace, selector, podPort, server, notes);
    t.acceptor.start();
    return t;
  }

  /** {@code 127.0.0.1:PORT}: where to connect. */
  public String host() {
    try {
      return "127.0.0.1:" + ((InetSocketAddress) server.getLocalAddress()).getPort();
    } catch (IOException e) {
      throw new IllegalStateException("the tunnel is closed", e);
    }
  }

  /** Streams opened so far: one per connection the client made. */
  public int streams() {
    return streams.get();
  }

  /** Streams that failed (and were opened again by the client's retries). */
  public int failures() {
    return failures.get();
  }

  /** The pod side's last error, if any: what to say when the push through the tunnel fails. */
  public Optional<String> lastError() {
    return Optional.ofNullable(lastError.get());
  }

  private void accept() {
    while (open) {
      SocketChannel local;
      try {
        local = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      Thread t = new Thread(() -> carry(local), "airlock-tunnel-open");
      t.setDaemon(true);
      t.start();
    }
  }

  private void carry(SocketChannel local) {
    streams.incrementAndGet();
    String target = pod.get();
    try {
      if (target == null) {
        target = readyPod();
      }
      URI uri =
          URI.create(
              client.getMasterUrl().toString().replaceAll("/$", "")
                  + "/api/v1/namespaces/"
                  + namespace
                  + "/pods/"
                  + target
                  + "/portforward?ports="
                  + podPort);
      TunnelConnection connection = new TunnelConnection(local, this::podError);
      WebSocket ws =
          client
              .getHttpClient()
              .newWebSocketBuilder()
              .uri(uri)
              .subprotocol("v4.channel.k8s.io")
              .buildAsync(connection)
              .get(OPEN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (ws == null) {
        throw new IOException("the API server opened no stream");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeQuietly(local);
    } catch (ExecutionException | TimeoutException | IOException | RuntimeException e) {
      failures.incrementAndGet();
      String why = e instanceof ExecutionException ? String.valueOf(e.getCause()) : e.toString();
      lastError.set(why);
      // The pod may have been replaced: look it up again for the next connection.
      if (pod.compareAndSet(target, null) && target != null) {
        notes.accept(
            "the tunnel to pod "
                + target
                + " failed ("
                + why
                + "); looking up the registry pod again");
      }
      closeQuietly(local);
    }
  }

  private void podError(String text) {
    failures.incrementAndGet();
    lastError.set(text);
    pod.set(null);
  }

  /** A Ready pod with the labels, newest first; remembered until a stream to it fails. */
  private String readyPod() throws IOException {
    Optional<Pod> ready =
        client.pods().inNamespace(namespace).withLabels(selector).list().getItems().stream()
            .filter(PodTunnel::isReady)
            .max(Comparator.comparing(p -> p.getMetadata().getCreationTimestamp()));
    if (ready.isEmpty()) {
      throw new IOException("no Ready pod with labels " + selector + " in namespace " + namespace);
    }
    String name = ready.get().getMetadata().getName();
    pod.set(name);
    return name;
  }

  static boolean isReady(Pod p) {
    return p.getMetadata().getDeletionTimestamp() == null
        && p.getStatus() != null
        && p.getStatus().getConditions() != null
        && p.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static void closeQuietly(SocketChannel c) {
    try {
      c.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    open = false;
    try {
      server.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }
}
