package io.airlock.core.registry;

import io.airlock.core.BadInputException;
import io.airlock.core.Pause;
import io.airlock.core.Phrase;
import io.airlock.core.Setting;
import io.airlock.core.progress.Notice;
import io.airlock.core.progress.ProgressListener;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The embedded OCI registry's HTTP server, on Netty.
 *
 * <p>Why Netty: it is the most widely deployed, actively maintained JVM network library (gRPC,
 * Vert.x, Elasticsearch, Cassandra run on it), it is fast, and it gives what a registry serving
 * bundles in place needs and servlet containers hide: {@link io.netty.channel.DefaultFileRegion}
 * sends any region of a file with sendfile, so a layer inside a 22 GB bundle tar goes from the page
 * cache to the socket without being copied through the JVM; request bodies arrive as chunks we
 * stream to disk with back-pressure; TLS with client certificates is built in. Jetty 12 and
 * Undertow would do, with more layers between us and the socket and no region sendfile.
 */
public final class RegistryServer implements AutoCloseable {

  /** The longest request line answered; longer ones get 414 and the connection is closed. */
  static final int MAX_REQUEST_LINE_BYTES = 8192;

  /**
   * The largest header section answered (all header lines together; distribution and nginx allow
   * about as much); larger ones get 431 and the connection is closed.
   */
  static final int MAX_HEADER_BYTES = 32 * 1024;

  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final EventExecutorGroup blocking;
  private final List<Channel> listeners;
  private final ChannelGroup connections;
  private final ServerContext context;
  private final List<InetSocketAddress> addresses;
  private final boolean tls;
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();

  private RegistryServer(
      EventLoopGroup boss,
      EventLoopGroup workers,
      EventExecutorGroup blocking,
      List<Channel> listeners,
      ChannelGroup connections,
      ServerContext context,
      boolean tls) {
    this.boss = boss;
    this.workers = workers;
    this.blocking = blocking;
    this.listeners = listeners;
    this.connections = connections;
    this.context = context;
    this.tls = tls;
    List<InetSocketAddress> bound = new ArrayList<>();
    for (Channel c : listeners) {
      bound.add((InetSocketAddress) c.localAddress());
    }
    this.addresses = List.copyOf(bound);
  }

  /**
   * Starts listening on every address of {@code options}.
   *
   * @param listener receives an {@link AccessLogEntry} per request
   * @throws BadInputException for unusable options or an address that cannot be bound
   */
  public static RegistryServer start(
      ServerOptions options, Registry registry, ProgressListener listener)
      throws BadInputException, InterruptedException {
    options.check();
    ServerTls ssl = options.tls() == null ? null : ServerTls.load(options.tls(), listener);
    ServerContext context = new ServerContext(registry, options, new Metrics(), listener);
    EventLoopGroup boss = new NioEventLoopGroup(1);
    EventLoopGroup workers = new NioEventLoopGroup();
    // Disk writes and fsyncs block; they run here, never on the I/O threads. Each connection
    // keeps one thread, so its requests stay in order.
    EventExecutorGroup blocking = new DefaultEventExecutorGroup(64);
    ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.AUTO_READ, false)
            // Reads of up to 1 MiB: fewer hand-offs between the I/O thread and the disk thread.
            .childOption(
                ChannelOption.RCVBUF_ALLOCATOR,
                new AdaptiveRecvByteBufAllocator(512, 64 * 1024, 1 << 20))
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    connections.add(ch);
                    ChannelPipeline p = ch.pipeline();
                    if (ssl != null) {
                      p.addLast(ssl.current().newHandler(ch.alloc()));
                    }
                    p.addLast(
                        new HttpServerCodec(MAX_REQUEST_LINE_BYTES, MAX_HEADER_BYTES, 1 << 20));
                    p.addLast(new HttpServerExpectContinueHandler());
                    p.addLast(new ChunkedWriteHandler());
                    p.addLast(blocking, new RegistryHandler(context, ssl != null));
                  }
                });
    List<Channel> bound = new ArrayList<>();
    try {
      for (InetSocketAddress address : options.listen()) {
        try {
          bound.add(bootstrap.bind(address).sync().channel());
        } catch (Exception e) {
          throw new BadInputException(
                  Phrase.of(
                      "Cannot listen on ", ListenAddress.format(address), ": ", describe(e), "."),
                  e instanceof BindException
                      ? Phrase.of(
                          "Another program uses the port, or the address is not on this host;"
                              + " change ",
                          Setting.LISTEN,
                          ".")
                      : null,
                  e)
              .coded(
                  e instanceof BindException
                      ? "registry.address-in-use"
                      : "registry.cannot-listen");
        }
      }
    } catch (BadInputException e) {
      bound.forEach(Channel::close);
      shutdown(boss, workers, blocking);
      throw e;
    }
    scheduleUploadSweeps(boss, blocking, context);
    return new RegistryServer(boss, workers, blocking, bound, connections, context, ssl != null);
  }

  /**
   * Removes abandoned upload sessions while the server runs: every quarter of the idle limit (at
   * least every second, at most every 15 minutes), off the I/O threads.
   */
  private static void scheduleUploadSweeps(
      EventLoopGroup boss, EventExecutorGroup blocking, ServerContext context) {
    Duration limit = context.options().uploadIdleLimit();
    long period = Math.max(1000, Math.min(limit.toMillis() / 4, Duration.ofMinutes(15).toMillis()));
    boss.next()
        .scheduleWithFixedDelay(
            () -> {
              try {
                blocking.next().execute(() -> sweepUploads(context, limit));
              } catch (java.util.concurrent.RejectedExecutionException e) {
                // the server is closing
              }
            },
            period,
            period,
            TimeUnit.MILLISECONDS);
  }

  private static void sweepUploads(ServerContext context, Duration limit) {
    try {
      int removed = context.registry().removeIdleUploads(limit);
      if (removed > 0) {
        context
            .listener()
            .onEvent(
                Notice.info(
                    "Removed "
                        + removed
                        + " upload session(s) with no new bytes for "
                        + describe(limit)
                        + " (abandoned pushes)."));
      }
    } catch (IOException | RuntimeException e) {
      context
          .listener()
          .onEvent(Notice.warning("Could not remove idle upload sessions: " + e.getMessage()));
    }
  }

  /** E.g. "24h", "90m", "5s". */
  static String describe(Duration d) {
    if (d.toSeconds() % 3600 == 0) {
      return d.toHours() + "h";
    }
    return d.toSeconds() % 60 == 0 ? d.toMinutes() + "m" : d.toSeconds() + "s";
  }

  private static String describe(Exception e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }

  /** The addresses actually bound (port 0 becomes the port chosen). */
  public List<InetSocketAddress> addresses() {
    return addresses;
  }

  public boolean tls() {
    return tls;
  }

  /** Connections open right now. */
  public int openConnections() {
    return connections.size();
  }

  /** Requests being answered right now. */
  public int inFlight() {
    return context.metrics().inFlight();
  }

  /**
   * Stops gracefully: no new connections, requests in flight finish (up to the options' grace
   * time), then every connection is closed.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (Channel c : listeners) {
      c.close().awaitUninterruptibly();
    }
    Instant deadline = Instant.now().plus(context.options().shutdownGrace());
    while (context.metrics().inFlight() > 0 && Instant.now().isBefore(deadline)) {
      try {
        Pause.of(Duration.ofMillis(20));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    connections.close().awaitUninterruptibly(Duration.ofSeconds(5).toMillis());
    shutdown(boss, workers, blocking);
  }

  /** How long the executors must have been idle before they stop. */
  private static final long QUIET_MILLIS = 100;

  private static void shutdown(
      EventLoopGroup boss, EventLoopGroup workers, EventExecutorGroup blocking) {
    // A closed connection's pipeline is torn down after its close completes, hopping between its
    // event loop and the blocking executor: a quiet period lets those last hops run. Without it, a
    // connection the client kept open (as a push's HTTP client does) ended in a rejected task that
    // Netty logged with its stack trace.
    // The blocking executor stops only after the event loops: a connection's loop hands its last
    // events (an exception from a client that reset the connection) to the handlers there, and a
    // stopped executor rejects them.
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    workers.shutdownGracefully(QUIET_MILLIS, 2000, TimeUnit.MILLISECONDS);
    boss.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
    workers.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
    blocking.shutdownGracefully(QUIET_MILLIS, 2000, TimeUnit.MILLISECONDS);
    blocking.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
