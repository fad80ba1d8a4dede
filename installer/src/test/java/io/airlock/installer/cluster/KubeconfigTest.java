package io.airlock.installer.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.BadInputException;
import io.airlock.core.testing.Command;
import io.airlock.core.testing.FreePort;
import io.airlock.core.testing.OpensslCa;
import io.airlock.core.testing.ServerProcess;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigTest {

  @TempDir Path dir;

  @Test
  void listsTheContextsInFileOrderAndTheCurrentOne() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("config"),
            """
            apiVersion: v1
            kind: Config
            clusters:
            - name: c
              cluster: {server: "https://127.0.0.1:6443"}
            users:
            - name: u
              user: {token: t}
            contexts:
            - name: site-b
              context: {cluster: c, user: u}
            - name: site-a
              context: {cluster: c, user: u}
            current-context: site-a
            """);
    Kubeconfig k = Kubeconfig.read(file);
    assertEquals(List.of("site-b", "site-a"), k.contexts());
    assertEquals("site-a", k.current());
  }

  /** A client key costs one password round in the client's in-memory key store, not 10,000. */
  @Test
  void aClientCertificateConnectionUsesACheapInMemoryKeyStore() throws Exception {
    OpensslCa ca = OpensslCa.create(Files.createDirectories(dir.resolve("pki")), "kube-test");
    OpensslCa.Pair user = ca.client("admin");
    // As kubeadm and the lab write it: SEC1 ("EC PRIVATE KEY").
    Path key = dir.resolve("admin-ec.key");
    Command.ok("openssl", "ec", "-in", user.key().toString(), "-out", key.toString());
    Path file = kubeconfig("certs", "https://127.0.0.1:6443", ca.certificate(), user.cert(), key);
    try (KubeConnection c = KubeConnection.open(file, null, Instant.now())) {
      assertEquals("lab", c.context());
    }
    assertEquals("1", System.getProperty(KubeConnection.PKCS12_KEY_ROUNDS));
  }

  /**
   * Every PEM form of an EC or RSA client key opens, and the client shows that very key: openssl
   * s_server requires a client certificate (-Verify 1) and checks the handshake's signature with
   * it. Fabric8 alone fails on the PKCS#8 EC key ("Invalid DER: object is not integer") and on the
   * key after its EC PARAMETERS; SEC1 and both RSA forms it read already.
   */
  @Test
  void everyPemFormOfAnEcOrRsaClientKeyIsTheKeyTheClientShows() throws Exception {
    OpensslCa ca = OpensslCa.create(Files.createDirectories(dir.resolve("pki")), "kube-test");
    Path ecPkcs8 = genpkey("ec-pkcs8", "EC", "ec_paramgen_curve:P-256");
    Path rsaPkcs8 = genpkey("rsa-pkcs8", "RSA", "rsa_keygen_bits:2048");
    Path ecSec1 = dir.resolve("ec-sec1.key");
    Command.ok("openssl", "ec", "-in", ecPkcs8.toString(), "-out", ecSec1.toString());
    Path rsaPkcs1 = dir.resolve("rsa-pkcs1.key");
    Command.ok(
        "openssl", "rsa", "-in", rsaPkcs8.toString(), "-traditional", "-out", rsaPkcs1.toString());
    Path ecParams = dir.resolve("ec-params.key");
    Command.ok("openssl", "ecparam", "-genkey", "-name", "prime256v1", "-out", ecParams.toString());
    Map<Path, String> keys = new LinkedHashMap<>();
    keys.put(ecPkcs8, "-----BEGIN PRIVATE KEY-----"); // openssl genpkey / req, cert-manager
    keys.put(
        genpkey("ec384-pkcs8", "EC", "ec_paramgen_curve:P-384"), "-----BEGIN PRIVATE KEY-----");
    keys.put(ecSec1, "-----BEGIN EC PRIVATE KEY-----"); // kubeadm, k3s
    keys.put(ecParams, "-----BEGIN EC PARAMETERS-----"); // openssl ecparam -genkey
    keys.put(rsaPkcs8, "-----BEGIN PRIVATE KEY-----");
    keys.put(rsaPkcs1, "-----BEGIN RSA PRIVATE KEY-----");
    try (ApiServer server = ApiServer.start(ca, dir.resolve("api"))) {
      for (Map.Entry<Path, String> key : keys.entrySet()) {
        String name = key.getKey().getFileName().toString();
        assertEquals(key.getValue(), Files.readAllLines(key.getKey()).get(0), name);
        OpensslCa.Pair user = ca.client(name, key.getKey());
        Path file = kubeconfig(name, server.url(), ca.certificate(), user.cert(), user.key());
        try (KubeConnection c = KubeConnection.open(file, null, Instant.now())) {
          assertEquals(ApiServer.GIT_VERSION, c.client().getKubernetesVersion().getGitVersion());
        }
      }
    }
  }

  /**
   * With another key than the certificate's, the PKCS#8 EC key loads but the server refuses the
   * handshake: the key is what the client signs with.
   */
  @Test
  void aClientKeyThatIsNotTheCertificatesFailsTheHandshake() throws Exception {
    OpensslCa ca = OpensslCa.create(Files.createDirectories(dir.resolve("pki")), "kube-test");
    OpensslCa.Pair user = ca.client("admin");
    Path otherKey = genpkey("other", "EC", "ec_paramgen_curve:P-256");
    try (ApiServer server = ApiServer.start(ca, dir.resolve("api"))) {
      Path file = kubeconfig("wrong", server.url(), ca.certificate(), user.cert(), otherKey);
      try (KubeConnection c = KubeConnection.open(file, null, Instant.now())) {
        KubernetesClientException e =
            assertThrows(KubernetesClientException.class, () -> c.client().getKubernetesVersion());
        Throwable cause = e;
        while (cause != null && !(cause instanceof SSLHandshakeException)) {
          cause = cause.getCause();
        }
        // The server checked the handshake's signature with the certificate's key: decrypt_error.
        assertTrue(cause != null && cause.getMessage().contains("decrypt_error"), e::toString);
      }
    }
  }

  /** A key type Fabric8 cannot load is one message naming it, not Fabric8's stack trace. */
  @Test
  void anEd25519OrRsaPssClientKeyIsOneClearMessage() throws Exception {
    OpensslCa ca = OpensslCa.create(Files.createDirectories(dir.resolve("pki")), "kube-test");
    for (String[] type : new String[][] {{"ED25519", "Ed25519"}, {"RSA-PSS", "RSA-PSS"}}) {
      OpensslCa.Pair user = ca.client(type[0], genpkey(type[0], type[0], null));
      Path file =
          kubeconfig(type[0], "https://127.0.0.1:6443", ca.certificate(), user.cert(), user.key());
      BadInputException e =
          assertThrows(
              BadInputException.class, () -> KubeConnection.load(file, null, Instant.now()));
      assertEquals(
          "The kubeconfig "
              + file
              + " (context 'lab') gives user 'u' a client key of type "
              + type[1]
              + ", which Airlock's Kubernetes client (Fabric8) cannot use: it takes RSA"
              + " and ECDSA keys.",
          e.getMessage());
      assertEquals(
          "Issue that user an ECDSA (P-256) or RSA key and certificate, or give the kubeconfig file"
              + " of a user with one (or with a token).",
          e.hint().orElseThrow());
    }
  }

  /** An unencrypted key of {@code openssl genpkey}: PKCS#8, "BEGIN PRIVATE KEY". */
  private Path genpkey(String name, String algorithm, String option) {
    Path key = dir.resolve(name + ".key");
    List<String> cmd = new ArrayList<>(List.of("openssl", "genpkey", "-algorithm", algorithm));
    if (option != null) {
      cmd.addAll(List.of("-pkeyopt", option));
    }
    cmd.addAll(List.of("-out", key.toString()));
    Command.ok(cmd.toArray(String[]::new));
    return key;
  }

  /** A kubeconfig whose user {@code u} has the certificate and key as data, context {@code lab}. */
  private Path kubeconfig(String name, String server, Path ca, Path cert, Path key)
      throws IOException {
    Base64.Encoder b64 = Base64.getEncoder();
    return Files.writeString(
        dir.resolve(name + ".kubeconfig"),
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: c
          cluster: {server: "%s", certificate-authority-data: %s}
        users:
        - name: u
          user: {client-certificate-data: %s, client-key-data: %s}
        contexts:
        - name: lab
          context: {cluster: c, user: u}
        current-context: lab
        """
            .formatted(
                server,
                b64.encodeToString(Files.readAllBytes(ca)),
                b64.encodeToString(Files.readAllBytes(cert)),
                b64.encodeToString(Files.readAllBytes(key))));
  }

  /**
   * An API server that answers {@code GET /version} only to a client whose certificate chains to
   * the CA and whose handshake signature its key made: openssl s_server with -Verify 1, serving
   * files.
   */
  private record ApiServer(Process process, int port) implements AutoCloseable {

    static final String GIT_VERSION = "v1.31.0-pkcs8";

    static ApiServer start(OpensslCa ca, Path dir) throws Exception {
      Files.createDirectories(dir);
      Files.writeString(
          dir.resolve("version"),
          """
          {"major": "1", "minor": "31", "gitVersion": "%s", "gitCommit": "0", "gitTreeState": "clean",
           "buildDate": "2024-08-13T07:28:49Z", "goVersion": "go1.22.5", "compiler": "gc",
           "platform": "linux/amd64"}
          """
              .formatted(GIT_VERSION));
      OpensslCa.Pair cert = ca.server("api", "IP:127.0.0.1");
      int port = FreePort.find();
      Process p =
          OpensslCa.sServer(
              cert,
              port,
              dir,
              "-CAfile",
              ca.certificate().toString(),
              "-Verify",
              "1",
              "-verify_return_error",
              "-WWW");
      return new ApiServer(p, port);
    }

    String url() {
      return "https://127.0.0.1:" + port;
    }

    @Override
    public void close() {
      ServerProcess.stop(process);
    }
  }

  @Test
  void noCurrentContextIsNull() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("empty"), "apiVersion: v1\nkind: Config\ncurrent-context: \"\"\n");
    Kubeconfig k = Kubeconfig.read(file);
    assertEquals(List.of(), k.contexts());
    assertNull(k.current());
  }

  @Test
  void aMissingOrBrokenFileIsOneClearMessage() throws IOException {
    BadInputException missing =
        assertThrows(BadInputException.class, () -> Kubeconfig.read(dir.resolve("nope")));
    assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    Path broken = Files.writeString(dir.resolve("broken"), "contexts: [\n");
    BadInputException bad = assertThrows(BadInputException.class, () -> Kubeconfig.read(broken));
    assertEquals(
        broken
            + " is not valid YAML (line 2, column 1: expected the node content, but found '<stream"
            + " end>').",
        bad.getMessage());
  }
}
