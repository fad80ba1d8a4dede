package io.airlock.core.testing;

import io.airlock.core.AirlockException;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.registry.BundleContent;
import io.airlock.core.registry.DiskStore;
import io.airlock.core.registry.ListenAddress;
import io.airlock.core.registry.Registry;
import io.airlock.core.registry.RegistryServer;
import io.airlock.core.registry.ServerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Airlock's own registry ({@code airlock serve}) in the test's JVM, on free loopback ports, with
 * its storage in a temporary directory. Start one per test class and hold it in an
 * {@code @AutoClose} field. Access log entries are kept for assertions.
 */
public final class EmbeddedRegistry implements AutoCloseable {

  private final RegistryServer server;
  private final DiskStore store;
  private final Path storage;
  private final List<Object> events;

  private EmbeddedRegistry(
      RegistryServer server, DiskStore store, Path storage, List<Object> events) {
    this.server = server;
    this.store = store;
    this.storage = storage;
    this.events = events;
  }

  /** A writable registry on 127.0.0.1 (and [::1] when the host has IPv6). */
  public static EmbeddedRegistry start() {
    return start(null, true);
  }

  /**
   * @param bundle a bundle to serve in place, or null
   * @param withStore whether pushes are accepted (a store in a temporary directory)
   */
  public static EmbeddedRegistry start(BundleContent bundle, boolean withStore) {
    try {
      Path storage = Files.createTempDirectory("airlock-registry");
      DiskStore store = withStore ? DiskStore.open(storage.resolve("store"), 0) : null;
      return start(storage, store, bundle, ServerOptions::loopback);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (AirlockException e) {
      throw new AssertionError("cannot open the store: " + e.getMessage(), e);
    }
  }

  /**
   * A writable registry with its store in {@code storage/store}, capped at {@code maxBytes} (0 for
   * no cap), and options of its own (TLS, users, limits).
   *
   * @param storage a directory the registry may delete when closed
   */
  public static EmbeddedRegistry start(
      Path storage,
      long maxBytes,
      java.util.function.Function<InetSocketAddress[], ServerOptions> options) {
    try {
      return start(storage, DiskStore.open(storage.resolve("store"), maxBytes), null, options);
    } catch (AirlockException e) {
      throw new AssertionError("cannot open the store: " + e.getMessage(), e);
    }
  }

  /**
   * A registry on a store the test opened (e.g. on a small tmpfs, or with a size cap) and with
   * options of its own (TLS, users), made from the free loopback addresses given.
   *
   * @param storage a directory the registry may delete when closed
   */
  public static EmbeddedRegistry start(
      Path storage,
      DiskStore store,
      BundleContent bundle,
      java.util.function.Function<InetSocketAddress[], ServerOptions> options) {
    try {
      List<InetSocketAddress> listen = new ArrayList<>();
      listen.add(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      if (ListenAddress.hasIpv6Loopback()) {
        listen.add(new InetSocketAddress(InetAddress.getByName("::1"), 0));
      }
      List<Object> events = Collections.synchronizedList(new ArrayList<>());
      ProgressListener listener = events::add;
      RegistryServer server =
          RegistryServer.start(
              options.apply(listen.toArray(InetSocketAddress[]::new)),
              new Registry(store, bundle, false),
              listener);
      return new EmbeddedRegistry(server, store, storage, events);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (AirlockException e) {
      throw new AssertionError("cannot start the registry: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** {@code 127.0.0.1:PORT}, as a registry host for image references. */
  public String host() {
    return "127.0.0.1:" + server.addresses().get(0).getPort();
  }

  /** {@code [::1]:PORT}; fails when the host has no IPv6 loopback. */
  public String hostIpv6() {
    return server.addresses().stream()
        .filter(a -> a.getAddress() instanceof java.net.Inet6Address)
        .findFirst()
        .map(a -> "[::1]:" + a.getPort())
        .orElseThrow(() -> new AssertionError("no IPv6 loopback on this host"));
  }

  public String url() {
    return (server.tls() ? "https://" : "http://") + host();
  }

  public Path storage() {
    return store != null ? store.root() : storage;
  }

  public DiskStore store() {
    return store;
  }

  public RegistryServer server() {
    return server;
  }

  public List<Object> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  @Override
  public void close() {
    server.close();
    try {
      if (store != null) {
        store.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Command.run("rm", "-rf", storage.toString());
  }
}
