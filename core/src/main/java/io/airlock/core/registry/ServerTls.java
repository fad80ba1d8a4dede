package io.airlock.core.registry;

import io.airlock.core.BadInputException;
import io.airlock.core.progress.Notice;
import io.airlock.core.progress.ProgressListener;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The server's TLS context, read again from its files when they change, so a renewed certificate
 * serves the next connection without a restart (in a cluster the kubelet swaps a Secret's files in
 * place; connections already open keep the certificate they started with). A pair that does not
 * load, such as a certificate whose key is not written yet, leaves the context before it in use and
 * is tried again at the next check.
 */
final class ServerTls {

  /** At most one look at the files per interval: new connections cost no extra system calls. */
  static final long CHECK_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final ServerOptions.Tls files;
  private final ProgressListener listener;
  private volatile SslContext current;
  private volatile List<String> stamp;
  private volatile long checkedAt;
  private List<String> refusedStamp = List.of();

  private ServerTls(
      ServerOptions.Tls files, ProgressListener listener, List<String> stamp, SslContext current) {
    this.files = files;
    this.listener = listener;
    this.stamp = stamp;
    this.current = current;
    this.checkedAt = System.nanoTime();
  }

  /** Loads the files now: an unusable pair at start is the caller's failure. */
  static ServerTls load(ServerOptions.Tls files, ProgressListener listener)
      throws BadInputException {
    List<String> stamp = stamp(files);
    return new ServerTls(files, listener, stamp, TlsContexts.server(files));
  }

  /** The context for a new connection: the files' latest usable pair. */
  SslContext current() {
    long now = System.nanoTime();
    if (now - checkedAt >= CHECK_NANOS) {
      synchronized (this) {
        if (now - checkedAt >= CHECK_NANOS) {
          checkedAt = now;
          reloadIfChanged();
        }
      }
    }
    return current;
  }

  private void reloadIfChanged() {
    List<String> now = stamp(files);
    if (now.equals(stamp) || now.equals(refusedStamp)) {
      return;
    }
    try {
      current = TlsContexts.server(files);
      stamp = now;
      listener.onEvent(
          Notice.info(
              "TLS: took the changed certificate and key from "
                  + files.certificate()
                  + " for new connections."));
    } catch (BadInputException e) {
      refusedStamp = now;
      listener.onEvent(
          Notice.warning(
              "TLS: the changed files do not load ("
                  + e.getMessage()
                  + "); new connections keep the certificate before them."));
    }
  }

  /** What identifies the files' content: where each link leads, its time and size. */
  private static List<String> stamp(ServerOptions.Tls files) {
    List<String> out = new ArrayList<>();
    for (Path p : paths(files)) {
      try {
        out.add(p.toRealPath() + " " + Files.getLastModifiedTime(p) + " " + Files.size(p));
      } catch (IOException e) {
        out.add(p + " unreadable");
      }
    }
    return out;
  }

  private static List<Path> paths(ServerOptions.Tls files) {
    List<Path> out = new ArrayList<>(List.of(files.certificate(), files.privateKey()));
    if (files.clientCa() != null) {
      out.add(files.clientCa());
    }
    return out;
  }
}
