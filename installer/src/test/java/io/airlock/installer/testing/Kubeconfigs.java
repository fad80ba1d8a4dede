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
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("apiVersion", "v1");
    doc.put("kind", "Config");
    doc.put(
        "clusters", List.of(Map.of("name", "test-cluster", "cluster", Map.of("server", server))));
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
}
