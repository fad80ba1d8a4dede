package io.airlock.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A certificate authority made with the real openssl, for mutual-TLS tests: P-256 keys, short
 * validity, server certificates with subjectAltNames and client certificates for clientAuth.
 */
public final class OpensslCa {

  /** A certificate and its key, as PEM files. */
  public record Pair(Path cert, Path key) {}

  /** {@link #selfSigned}'s key type for an ECDSA P-256 key. */
  public static final String P256 = "P-256";

  private final Path dir;
  private final String name;
  private final Pair ca;

  private OpensslCa(Path dir, String name, Pair ca) {
    this.dir = dir;
    this.name = name;
    this.ca = ca;
  }

  public static OpensslCa create(Path dir, String name) {
    Pair ca =
        selfSigned(
            dir.resolve(name + "-ca.crt"),
            dir.resolve(name + "-ca.key"),
            P256,
            2,
            "/CN=" + name + " test CA");
    return new OpensslCa(dir, name, ca);
  }

  /**
   * A self-signed certificate ({@code openssl req -x509}) with a new unencrypted key.
   *
   * @param keyType {@link #P256}, or what {@code -newkey} takes, e.g. {@code rsa:2048}
   */
  public static Pair selfSigned(Path cert, Path key, String keyType, int days, String subject) {
    List<String> cmd = new ArrayList<>(List.of("openssl", "req", "-x509", "-newkey"));
    cmd.addAll(
        keyType.equals(P256)
            ? List.of("ec", "-pkeyopt", "ec_paramgen_curve:P-256")
            : List.of(keyType));
    cmd.addAll(
        List.of(
            "-nodes",
            "-days",
            String.valueOf(days),
            "-subj",
            subject,
            "-keyout",
            key.toString(),
            "-out",
            cert.toString()));
    Command.ok(cmd.toArray(String[]::new));
    return new Pair(cert, key);
  }

  public Path certificate() {
    return ca.cert();
  }

  /** A server certificate for the given subjectAltName list, e.g. {@code DNS:x,IP:127.0.0.1}. */
  public Pair server(String label, String subjectAltNames) {
    return issue(label, "subjectAltName=" + subjectAltNames + "\nextendedKeyUsage=serverAuth\n");
  }

  public Pair client(String label) {
    return issue(label, "extendedKeyUsage=clientAuth\n", 2);
  }

  /** A client certificate for an existing key, e.g. one {@code openssl genpkey} wrote. */
  public Pair client(String label, Path key) {
    try {
      String base = name + "-" + label;
      Path cert = dir.resolve(base + ".crt");
      Path csr = dir.resolve(base + ".csr");
      Path ext = Files.writeString(dir.resolve(base + ".ext"), "extendedKeyUsage=clientAuth\n");
      request(key, "/CN=" + label, csr);
      sign(csr, ca, ext, 2, cert);
      return new Pair(cert, key);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A client certificate whose validity ends the moment it is made. */
  public Pair expiredClient(String label) {
    return issue(label, "extendedKeyUsage=clientAuth\n", 0);
  }

  private Pair issue(String label, String extensions) {
    return issue(label, extensions, 2);
  }

  private Pair issue(String label, String extensions, int days) {
    try {
      String base = name + "-" + label;
      Pair pair = new Pair(dir.resolve(base + ".crt"), dir.resolve(base + ".key"));
      Path csr = dir.resolve(base + ".csr");
      Path ext = dir.resolve(base + ".ext");
      Files.writeString(ext, extensions);
      Command.ok(
          "openssl",
          "req",
          "-new",
          "-newkey",
          "ec",
          "-pkeyopt",
          "ec_paramgen_curve:P-256",
          "-nodes",
          "-subj",
          "/CN=" + label,
          "-keyout",
          pair.key().toString(),
          "-out",
          csr.toString());
      sign(csr, ca, ext, days, pair.cert());
      return pair;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A directory in the layout skopeo's --cert-dir reads: {@code *.crt} are trusted CAs, {@code
   * NAME.cert} with {@code NAME.key} is the client certificate.
   */
  /** A certificate signing request for an existing key. */
  public static void request(Path key, String subject, Path csr) {
    Command.ok(
        "openssl", "req", "-new", "-key", key.toString(), "-subj", subject, "-out", csr.toString());
  }

  /**
   * Signs the request {@code csr} with {@code ca}, adding the extensions of the file {@code ext}.
   */
  public static void sign(Path csr, Pair ca, Path ext, int days, Path cert) {
    Command.ok(
        "openssl",
        "x509",
        "-req",
        "-in",
        csr.toString(),
        "-CA",
        ca.cert().toString(),
        "-CAkey",
        ca.key().toString(),
        "-CAcreateserial",
        "-days",
        String.valueOf(days),
        "-extfile",
        ext.toString(),
        "-out",
        cert.toString());
  }

  /**
   * Starts {@code openssl s_server} with {@code cert} on 127.0.0.1:{@code port}, in {@code dir}
   * (which {@code -WWW} serves files from; its output goes to {@code dir}/s_server.log) with the
   * given options, and waits until it accepts connections. Stop it with {@link ServerProcess#stop}.
   */
  public static Process sServer(Pair cert, int port, Path dir, String... options)
      throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "openssl",
                "s_server",
                "-accept",
                "127.0.0.1:" + port,
                "-cert",
                cert.cert().toString(),
                "-key",
                cert.key().toString(),
                "-quiet"));
    command.addAll(List.of(options));
    Path log = dir.resolve("s_server.log");
    Process server =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    ServerProcess.awaitReady(
        server,
        "openssl s_server",
        Duration.ofSeconds(20),
        log,
        () -> {
          try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
          } catch (IOException e) {
            return false;
          }
        });
    return server;
  }

  public static Path certDir(Path dir, Path trustedCa, Pair client) {
    try {
      Files.createDirectories(dir);
      Files.copy(trustedCa, dir.resolve("ca.crt"));
      if (client != null) {
        Files.copy(client.cert(), dir.resolve("client.cert"));
        Files.copy(client.key(), dir.resolve("client.key"));
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
