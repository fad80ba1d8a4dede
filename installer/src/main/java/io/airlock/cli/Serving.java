package io.airlock.cli;

import io.airlock.core.BadInputException;
import io.airlock.core.bundle.BundleOpener;
import io.airlock.core.progress.Notice;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.registry.AccessLogEntry;
import io.airlock.core.registry.BundleContent;
import io.airlock.core.registry.DiskStore;
import io.airlock.core.registry.ListenAddress;
import io.airlock.core.registry.Registry;
import io.airlock.core.registry.RegistryServer;
import io.airlock.core.registry.ServerOptions;
import java.io.PrintWriter;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/** What {@code airlock serve} and {@code airlock demo} share: starting, reporting, stopping. */
final class Serving {

  private Serving() {}

  static List<InetSocketAddress> addresses(List<String> listen) throws BadInputException {
    if (listen.isEmpty()) {
      return ListenAddress.defaults();
    }
    List<InetSocketAddress> list = new ArrayList<>();
    for (String l : listen) {
      list.add(ListenAddress.parse(l));
    }
    return list;
  }

  static ServerOptions.Tls tls(Path cert, Path key, Path clientCa) throws BadInputException {
    if (cert == null && key == null) {
      if (clientCa != null) {
        throw new BadInputException(
            "--client-ca needs HTTPS.", "Give --tls-cert and --tls-key as well.");
      }
      return null;
    }
    if (cert == null || key == null) {
      throw new BadInputException(
          "HTTPS needs both --tls-cert and --tls-key.", "Give the certificate and its key (PEM).");
    }
    return new ServerOptions.Tls(cert, key, clientCa);
  }

  /** Where gzipped copies of a bundle's .tar charts go when there is no --storage. */
  static Path chartCache(BundleOptions options) {
    Path work = BundleOpener.workDirOrDefault(options.workDir);
    return work.resolveSibling("chart-cache");
  }

  /** 200G, 500M, 1.5T, 1024 (bytes); powers of 1000, or of 1024 with Ki/Mi/Gi/Ti. */
  static long parseSize(String text) throws BadInputException {
    String t = text.trim().toUpperCase(Locale.ROOT).replaceFirst("B$", "");
    long unit = 1;
    boolean binary = t.endsWith("I");
    if (binary) {
      t = t.substring(0, t.length() - 1);
    }
    String units = "KMGTP";
    if (!t.isEmpty() && units.indexOf(t.charAt(t.length() - 1)) >= 0) {
      int power = units.indexOf(t.charAt(t.length() - 1)) + 1;
      unit = (long) Math.pow(binary ? 1024 : 1000, power);
      t = t.substring(0, t.length() - 1);
    }
    try {
      double value = Double.parseDouble(t);
      if (value <= 0) {
        throw new NumberFormatException();
      }
      return (long) (value * unit);
    } catch (NumberFormatException e) {
      throw new BadInputException(
          "Invalid size '" + text + "'.", "Write it like 200G, 500M or 1.5T.");
    }
  }

  /**
   * Starts the server. When the default addresses are used and the host's IPv6 loopback cannot be
   * bound, serves on IPv4 alone with a warning rather than failing.
   */
  static RegistryServer start(
      ServerOptions options, Registry registry, PrintWriter err, boolean quiet, boolean defaults)
      throws BadInputException, InterruptedException {
    ProgressListener listener = accessLog(err, quiet);
    try {
      return RegistryServer.start(options, registry, listener);
    } catch (BadInputException e) {
      if (!defaults || options.listen().size() < 2) {
        throw e;
      }
      List<InetSocketAddress> v4 =
          options.listen().stream().filter(a -> !(a.getAddress() instanceof Inet6Address)).toList();
      Messages.printWarning(err, CliWords.message(e) + " Serving on IPv4 only.");
      return RegistryServer.start(
          new ServerOptions(
              v4,
              options.tls(),
              options.users(),
              options.pullOnlyUsers(),
              options.allowPlainHttpRemote(),
              options.shutdownGrace(),
              options.uploadIdleLimit()),
          registry,
          listener);
    }
  }

  static ProgressListener accessLog(PrintWriter err, boolean quiet) {
    return event -> {
      if (event instanceof AccessLogEntry entry) {
        if (!quiet) {
          synchronized (err) {
            err.println(entry.line());
            err.flush();
          }
        }
      } else if (event instanceof Notice notice) {
        synchronized (err) {
          err.println(
              (notice.level() == Notice.Level.WARNING ? "warning: " : "") + notice.message());
          err.flush();
        }
      }
    };
  }

  static void printStarted(
      PrintWriter out,
      RegistryServer server,
      DiskStore store,
      BundleContent bundle,
      Registry registry) {
    String scheme = server.tls() ? "https" : "http";
    for (InetSocketAddress a : server.addresses()) {
      out.println("Listening on " + scheme + "://" + ListenAddress.format(a));
    }
    if (store != null) {
      out.println("Storage: " + store.root() + (registry.readOnly() ? " (read-only)" : ""));
    }
    if (bundle != null) {
      out.println("Serving in place: " + bundle.bundle().path() + " (" + bundle.summary() + ")");
    }
    out.println("Press Ctrl-C to stop.");
    out.flush();
  }

  /**
   * Serves until the process is interrupted (Ctrl-C, SIGTERM), then stops gracefully: requests in
   * flight finish, new ones are refused.
   */
  static int runUntilInterrupted(RegistryServer server, PrintWriter err)
      throws InterruptedException {
    try {
      new CountDownLatch(1).await();
      return ExitCodes.OK;
    } catch (InterruptedException e) {
      err.println("Stopping: letting " + server.inFlight() + " request(s) in flight finish...");
      err.flush();
      server.close();
      err.println("Stopped.");
      err.flush();
      throw e;
    } finally {
      server.close();
    }
  }
}
