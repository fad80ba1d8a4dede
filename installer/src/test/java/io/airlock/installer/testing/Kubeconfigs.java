package io.airlock.installer.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/** Writes kubeconfig files as kubectl does, for tests that go through the real loading path. */
public final class Kubeconfigs {

  private Kubeconfigs() {}

  /**
   * @param clientCertPem a client certificate to put in the user entry, or null for a token
   */
  public static Path write(Path dir, String server, String context, String clientCertPem) {
    Map<String, Object> user = new LinkedHashMap<>();
    if (clientCertPem != null) {
      user.put(
          "client-certificate-data",
          Base64.getEncoder().encodeToString(clientCertPem.getBytes(StandardCharsets.US_ASCII)));
      user.put(
          "client-key-data",
          Base64.getEncoder().encodeToString("unused".getBytes(StandardCharsets.US_ASCII)));
    } else {
      user.put("token", "test-token");
    }
    return write(dir, server, null, context, user);
  }

  /**
   * A kubeconfig with one context.
   *
   * @param caPem the cluster's CA, or null for none
   * @param user the user entry: {@code token}, or {@code client-certificate-data} and {@code
   *     client-key-data}
   */
  public static Path write(
      Path dir, String server, String caPem, String context, Map<String, Object> user) {
    Map<String, Object> cluster = new LinkedHashMap<>();
    cluster.put("server", server);
    if (caPem != null) {
      cluster.put("certificate-authority-data", base64(caPem));
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("apiVersion", "v1");
    doc.put("kind", "Config");
    doc.put("clusters", List.of(Map.of("name", "test-cluster", "cluster", cluster)));
    doc.put("users", List.of(Map.of("name", "test-user", "user", user)));
    doc.put(
        "contexts",
        List.of(
            Map.of(
                "name",
                context,
                "context",
                Map.of("cluster", "test-cluster", "user", "test-user"))));
    doc.put("current-context", context);
    try {
      Path f = dir.resolve("kubeconfig-" + context);
      Files.writeString(f, new Yaml().dump(doc));
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
  }
}
