package io.airlock.cli;

import io.airlock.core.BadInputException;
import io.airlock.core.bundle.Bundle;
import io.airlock.core.registry.BundleContent;
import io.airlock.core.registry.DiskStore;
import io.airlock.core.registry.Htpasswd;
import io.airlock.core.registry.Registry;
import io.airlock.core.registry.RegistryServer;
import io.airlock.core.registry.ServerOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code airlock serve}: the embedded OCI registry. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Runs an OCI registry (distribution spec v1.1, pull and push) until Ctrl-C or SIGTERM.",
      "--storage keeps pushed content on disk; --bundle serves a bundle's images and charts",
      "read-only, in place, without copying them first. With both, pushes go to the storage",
      "and pulls fall back to the bundle. Images are served under their full name",
      "(docker.io/library/nginx:1.25), charts as charts/NAME:VERSION.",
      "Plain HTTP is only allowed on loopback addresses unless --allow-plain-http-remote."
    })
final class ServeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--storage", paramLabel = "DIR", description = "Where pushed content is kept.")
  Path storage;

  @Option(
      names = "--bundle",
      paramLabel = "BUNDLE",
      description = "A bundle to serve read-only, in place.")
  Path bundle;

  @Mixin BundleOptions bundleOptions;

  @Option(
      names = "--listen",
      paramLabel = "ADDR:PORT",
      description =
          "Address to listen on; repeat for several (127.0.0.1:5000, [::1]:5000, [::]:5000)."
              + " Default: 127.0.0.1:5000 and [::1]:5000 where the host has IPv6.")
  List<String> listen = new ArrayList<>();

  @Option(
      names = "--pull-listen",
      paramLabel = "ADDR:PORT",
      description = {
        "Also serve pulls only, without a login, on this address (repeatable): what nodes reach,",
        "while --listen takes pushes with --htpasswd. Plain HTTP, or HTTPS with --tls-cert",
        "demanding client certificates signed by --pull-client-ca."
      })
  List<String> pullListen = new ArrayList<>();

  @Option(
      names = "--plain-listen",
      paramLabel = "ADDR:PORT",
      description = {
        "Also take pushes and pulls (with --htpasswd) over plain HTTP on this loopback address",
        "(repeatable): for a port-forward, whose own TLS carries the bytes to this host."
      })
  List<String> plainListen = new ArrayList<>();

  @Option(
      names = "--pull-client-ca",
      paramLabel = "PEM",
      description =
          "Serve --pull-listen over HTTPS, only to clients with a certificate of this CA.")
  Path pullClientCa;

  @Option(names = "--tls-cert", paramLabel = "PEM", description = "Certificate chain for HTTPS.")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "PEM", description = "Private key for HTTPS.")
  Path tlsKey;

  @Option(
      names = "--client-ca",
      paramLabel = "PEM",
      description = "Require client certificates signed by these CAs (mTLS).")
  Path clientCa;

  @Option(
      names = "--htpasswd",
      paramLabel = "FILE",
      description = "Require a login; users and bcrypt passwords (htpasswd -B).")
  Path htpasswd;

  @Option(
      names = "--pull-only-user",
      paramLabel = "USER",
      description = "A user of --htpasswd who may pull but not push or delete; repeatable.")
  List<String> pullOnlyUsers = new ArrayList<>();

  @Option(names = "--read-only", description = "Refuse every push and delete.")
  boolean readOnly;

  @Option(
      names = "--allow-plain-http-remote",
      description = "Allow plain HTTP on non-loopback addresses (closed networks only).")
  boolean allowPlainHttpRemote;

  @Option(
      names = "--max-storage",
      paramLabel = "SIZE",
      description = "Cap on what --storage may hold, e.g. 200G, 500M (default: the disk).")
  String maxStorage;

  @Option(
      names = "--shutdown-grace",
      paramLabel = "SECONDS",
      defaultValue = "10",
      description = "How long requests in flight may take to finish on shutdown (default: 10).")
  int shutdownGrace;

  @Option(
      names = "--upload-max-age",
      paramLabel = "HOURS",
      defaultValue = "24",
      description =
          "Remove upload sessions that got no bytes for this long: abandoned pushes (default: 24).")
  long uploadMaxAgeHours;

  @Option(
      names = {"-q", "--quiet"},
      description = "No access log on stderr.")
  boolean quiet;

  /** The pull-only endpoint: no users; TLS only when it must check client certificates. */
  private ServerOptions pullOptions(ServerOptions main) throws BadInputException {
    ServerOptions.Tls tls = null;
    if (pullClientCa != null) {
      if (main.tls() == null) {
        throw new BadInputException(
            "--pull-client-ca needs HTTPS.", "Give --tls-cert and --tls-key as well.");
      }
      tls = new ServerOptions.Tls(main.tls().certificate(), main.tls().privateKey(), pullClientCa);
    }
    return new ServerOptions(
        Serving.addresses(pullListen),
        tls,
        null,
        Set.of(),
        allowPlainHttpRemote,
        main.shutdownGrace());
  }

  /** The loopback endpoint a port-forward reaches: the main endpoint's users, no TLS. */
  private ServerOptions plainOptions(ServerOptions main) throws BadInputException {
    List<InetSocketAddress> addresses = Serving.addresses(plainListen);
    for (InetSocketAddress a : addresses) {
      if (!a.getAddress().isLoopbackAddress()) {
        throw new BadInputException(
            "--plain-listen takes loopback addresses only, not "
                + io.airlock.core.registry.ListenAddress.format(a)
                + ".",
            "Give 127.0.0.1:PORT or [::1]:PORT; other addresses take pushes over HTTPS with"
                + " --listen.");
      }
    }
    return new ServerOptions(
        addresses,
        null,
        main.users(),
        main.pullOnlyUsers(),
        false,
        main.shutdownGrace(),
        main.uploadIdleLimit());
  }

  private static void printAddresses(PrintWriter out, String what, RegistryServer server) {
    for (InetSocketAddress a : server.addresses()) {
      out.println(
          what
              + (server.tls() ? "https" : "http")
              + "://"
              + io.airlock.core.registry.ListenAddress.format(a));
    }
  }

  static Duration uploadMaxAge(long hours) throws BadInputException {
    if (hours < 1) {
      throw new BadInputException(
          "--upload-max-age must be at least 1 hour, not " + hours + ".",
          "Give the hours an abandoned upload is kept, e.g. --upload-max-age 24.");
    }
    return Duration.ofHours(hours);
  }

  @Override
  public Integer call() throws Exception {
    if (storage == null && bundle == null) {
      throw new BadInputException(
          "Nothing to serve: give --storage DIR, --bundle BUNDLE, or both.",
          "'airlock serve --storage /var/lib/airlock/registry' runs an empty registry to push to.");
    }
    PrintWriter err = spec.commandLine().getErr();
    ConsoleProgress progress = new ConsoleProgress(err, quiet);
    List<InetSocketAddress> addresses = Serving.addresses(listen);
    ServerOptions options =
        new ServerOptions(
            addresses,
            Serving.tls(tlsCert, tlsKey, clientCa),
            htpasswd == null ? null : Htpasswd.load(htpasswd),
            Set.copyOf(pullOnlyUsers),
            allowPlainHttpRemote,
            Duration.ofSeconds(Math.max(0, Math.min(shutdownGrace, 12))),
            uploadMaxAge(uploadMaxAgeHours));
    ServerOptions plainOptions = plainListen.isEmpty() ? null : plainOptions(options);
    long cap = maxStorage == null ? 0 : Serving.parseSize(maxStorage);
    try (DiskStore store = storage == null ? null : DiskStore.open(storage, cap)) {
      BundleContent content = null;
      if (bundle != null) {
        Bundle opened = bundleOptions.open(bundle, progress);
        content =
            BundleContent.of(
                opened,
                storage != null
                    ? storage.resolve("cache").resolve("charts")
                    : Serving.chartCache(bundleOptions),
                progress);
        progress.endLine();
      }
      Registry registry = new Registry(store, content, readOnly);
      RegistryServer server = Serving.start(options, registry, err, quiet, listen.isEmpty());
      List<RegistryServer> others = new ArrayList<>();
      try {
        PrintWriter out = spec.commandLine().getOut();
        if (plainOptions != null) {
          // The same registry (one writer, one set of upload sessions), without TLS.
          RegistryServer plain = Serving.start(plainOptions, registry, err, quiet, false);
          others.add(plain);
          printAddresses(out, "Loopback only, plain HTTP, on ", plain);
        }
        if (!pullListen.isEmpty()) {
          // The same content, read-only and open to anyone who reaches the address (nodes).
          RegistryServer pulls =
              Serving.start(
                  pullOptions(options), new Registry(store, content, true), err, quiet, false);
          others.add(pulls);
          printAddresses(out, "Pulls only, no login, on ", pulls);
        }
        Serving.printStarted(out, server, store, content, registry);
        return Serving.runUntilInterrupted(server, err);
      } finally {
        others.forEach(RegistryServer::close);
        server.close();
      }
    } catch (IOException e) {
      throw new BadInputException("Cannot serve: " + e.getMessage(), null, e);
    }
  }
}
