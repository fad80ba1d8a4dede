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
