package io.airlock.core.registry;

import io.airlock.core.BadInputException;
import io.airlock.core.progress.Notice;
import io.airlock.core.progress.ProgressListener;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * The embedded registry on this machine's loopback, plain HTTP, no users: what {@code airlock demo}
 * and the wizard's "embedded registry" mode push into. Listens on 127.0.0.1 and [::1]; where the
 * IPv6 loopback cannot be bound it serves on IPv4 alone and says so with a {@link Notice}.
 */
public final class LocalRegistry implements AutoCloseable {

  private final DiskStore store;
  private final RegistryServer server;

  private LocalRegistry(DiskStore store, RegistryServer server) {
    this.store = store;
    this.server = server;
  }

  /**
   * Starts serving {@code storage} on {@code port} of both loopbacks (0 picks a free port).
   *
   * @param listener receives an {@link AccessLogEntry} per request and the notices
   */
  public static LocalRegistry start(Path storage, int port, ProgressListener listener)
      throws BadInputException, InterruptedException {
    return start(storage, ListenAddress.loopbacks(port), listener);
  }

  /** Starts serving {@code storage} on {@code addresses} (loopback unless TLS is added later). */
  public static LocalRegistry start(
      Path storage, List<InetSocketAddress> addresses, ProgressListener listener)
      throws BadInputException, InterruptedException {
    DiskStore store = DiskStore.open(storage, 0);
    try {
      Registry registry = new Registry(store, null, false);
      RegistryServer server;
      try {
        server = RegistryServer.start(loopback(addresses), registry, listener);
      } catch (BadInputException e) {
        List<InetSocketAddress> v4 =
            addresses.stream().filter(a -> !(a.getAddress() instanceof Inet6Address)).toList();
        if (v4.isEmpty() || v4.size() == addresses.size()) {
          throw e;
        }
        listener.onEvent(Notice.warning(e.getMessage() + " Serving on IPv4 only."));
        server = RegistryServer.start(loopback(v4), registry, listener);
      }
      return new LocalRegistry(store, server);
    } catch (BadInputException | InterruptedException | RuntimeException e) {
      closeQuietly(store);
      throw e;
    }
  }

  private static ServerOptions loopback(List<InetSocketAddress> addresses) {
    return ServerOptions.loopback(addresses.toArray(InetSocketAddress[]::new));
  }

  /** {@code 127.0.0.1:PORT} (or {@code [::1]:PORT} when only IPv6 is served): push here. */
  public String host() {
    return ListenAddress.format(
        server.addresses().stream()
            .filter(a -> a.getAddress() instanceof Inet4Address)
            .findFirst()
            .orElse(server.addresses().get(0)));
  }

  public List<InetSocketAddress> addresses() {
    return server.addresses();
  }

  public Path storage() {
    return store.root();
  }

  public RegistryServer server() {
    return server;
  }

  /** Lets requests in flight finish, then stops and closes the storage. */
  @Override
  public void close() {
    server.close();
    closeQuietly(store);
  }

  private static void closeQuietly(DiskStore store) {
    try {
      store.close();
    } catch (IOException e) {
      // nothing is pending: every write was renamed into place already
    }
  }
}
