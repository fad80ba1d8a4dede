package io.airlock.core.sample;

import io.airlock.core.archive.Compression;
import io.airlock.core.archive.TarWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Makes the sample's Helm charts; their values name images of the sample bundle. */
final class Charts {

  private Charts() {}

  static List<Chart> make(List<String> imageRefs) throws IOException {
    return List.of(
        chart("k0rdent-enterprise", SampleBundle.PRODUCT_VERSION, imageRefs, Compression.NONE),
        chart(
            "demo-app",
            "0.1.0",
            imageRefs.subList(0, Math.min(2, imageRefs.size())),
            Compression.GZIP),
        chart(
            "demo-db",
            "2.3.4",
            imageRefs.subList(imageRefs.size() - 1, imageRefs.size()),
            Compression.GZIP));
  }

  /**
   * The chart that runs the sample's runnable image under its upstream name: with the nodes'
   * mirrors in place the name resolves through the registry Airlock installed, unchanged.
   */
  static Chart hello(String image, int port) throws IOException {
    String name = "hello";
    String version = "0.1.0";
    String chartYaml =
        "apiVersion: v2\nname: hello\nversion: "
            + version
            + "\nappVersion: \"1.0.0\"\ndescription: Runs the sample's hello image (airlock"
            + " sample-bundle)\ntype: application\n";
    String values = "image: " + image + "\nport: " + port + "\nreplicas: 1\n";
    String deployment =
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n"
            + "  labels:\n    app: {{ .Release.Name }}\nspec:\n"
            + "  replicas: {{ .Values.replicas }}\n"
            + "  selector:\n    matchLabels:\n      app: {{ .Release.Name }}\n  template:\n"
            + "    metadata:\n      labels:\n        app: {{ .Release.Name }}\n    spec:\n"
            + "      securityContext:\n        runAsNonRoot: true\n        runAsUser: 65532\n"
            + "      containers:\n        - name: hello\n          image: {{ .Values.image }}\n"
            + "          args: [\"--port\", \"{{ .Values.port }}\"]\n"
            + "          ports:\n            - containerPort: {{ .Values.port }}\n"
            + "          readinessProbe:\n            httpGet:\n              path: /healthz\n"
            + "              port: {{ .Values.port }}\n"
            + "          securityContext:\n            readOnlyRootFilesystem: true\n"
            + "            allowPrivilegeEscalation: false\n";
    String service =
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n"
            + "  selector:\n    app: {{ .Release.Name }}\n  ports:\n"
            + "    - port: {{ .Values.port }}\n      targetPort: {{ .Values.port }}\n";
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (OutputStream out = TarWriter.compress(buffer, Compression.GZIP);
        TarWriter tar = new TarWriter(out)) {
      tar.addBytes(name + "/Chart.yaml", utf8(chartYaml));
      tar.addBytes(name + "/values.yaml", utf8(values));
      tar.addBytes(name + "/templates/deployment.yaml", utf8(deployment));
      tar.addBytes(name + "/templates/service.yaml", utf8(service));
    }
    String config =
        "{\"name\":\"hello\",\"version\":\""
            + version
            + "\",\"appVersion\":\"1.0.0\",\"apiVersion\":\"v2\",\"type\":\"application\"}";
    return new Chart(
        name, version, name + "_" + version + ".tgz", buffer.toByteArray(), utf8(config));
  }

  /** A chart as {@code helm package} lays it out; bundles ship some as plain .tar. */
  private static Chart chart(
      String name, String version, List<String> images, Compression compression)
      throws IOException {
    String chartYaml =
        "apiVersion: v2\nname: "
            + name
            + "\nversion: "
            + version
            + "\nappVersion: \""
            + version
            + "\"\ndescription: Sample chart made by airlock sample-bundle\ntype: application\n";
    StringBuilder values = new StringBuilder("images:\n");
    for (String ref : images) {
      values.append("  - ").append(ref).append('\n');
    }
    String deployment =
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n"
            + "  selector:\n    matchLabels:\n      app: {{ .Release.Name }}\n  template:\n"
            + "    metadata:\n      labels:\n        app: {{ .Release.Name }}\n    spec:\n"
            + "      containers:\n        - name: main\n          image: {{ index .Values.images 0 }}\n";
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (OutputStream out = TarWriter.compress(buffer, compression);
        TarWriter tar = new TarWriter(out)) {
      tar.addBytes(name + "/Chart.yaml", utf8(chartYaml));
      tar.addBytes(name + "/values.yaml", utf8(values.toString()));
      tar.addBytes(name + "/templates/deployment.yaml", utf8(deployment));
    }
    String config =
        "{\"name\":\""
            + name
            + "\",\"version\":\""
            + version
            + "\",\"appVersion\":\""
            + version
            + "\",\"apiVersion\":\"v2\",\"type\":\"application\"}";
    String extension = compression == Compression.NONE ? ".tar" : ".tgz";
    return new Chart(
        name, version, name + "_" + version + extension, buffer.toByteArray(), utf8(config));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
