package io.airlock.installer.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.BadInputException;
import io.airlock.core.testing.Command;
import io.airlock.core.testing.OpensslCa;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
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
    Base64.Encoder b64 = Base64.getEncoder();
    Path file =
        Files.writeString(
            dir.resolve("certs"),
            """
            apiVersion: v1
            kind: Config
            clusters:
            - name: c
              cluster: {server: "https://127.0.0.1:6443", certificate-authority-data: %s}
            users:
            - name: u
              user: {client-certificate-data: %s, client-key-data: %s}
            contexts:
            - name: lab
              context: {cluster: c, user: u}
            current-context: lab
            """
                .formatted(
                    b64.encodeToString(Files.readAllBytes(ca.certificate())),
                    b64.encodeToString(Files.readAllBytes(user.cert())),
                    b64.encodeToString(Files.readAllBytes(key))));
    try (KubeConnection c = KubeConnection.open(file, null, Instant.now())) {
      assertEquals("lab", c.context());
    }
    assertEquals("1", System.getProperty(KubeConnection.PKCS12_KEY_ROUNDS));
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
