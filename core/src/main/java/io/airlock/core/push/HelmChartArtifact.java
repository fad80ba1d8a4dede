package io.airlock.core.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airlock.core.BadInputException;
import io.airlock.core.archive.BoundedTarInputStream;
import io.airlock.core.archive.ContentSource;
import io.airlock.core.archive.FileSlice;
import io.airlock.core.archive.InlineContent;
import io.airlock.core.bundle.BundleChart;
import io.airlock.core.bundle.BundleYaml;
import io.airlock.core.digest.Digest;
import io.airlock.core.digest.DigestAlgorithm;
import io.airlock.core.digest.Hashing;
import io.airlock.core.oci.Descriptor;
import io.airlock.core.oci.Json;
import io.airlock.core.oci.MediaTypes;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Turns a packaged Helm chart into the OCI artifact {@code helm push} makes: a config of media type
 * {@code application/vnd.cncf.helm.config.v1+json} (Chart.yaml as JSON) and one layer {@code
 * application/vnd.cncf.helm.chart.content.v1.tar+gzip}, so {@code helm pull oci://...} works. A
 * chart shipped as plain .tar is gzipped first, deterministically, so every run makes the same
 * digest.
 */
final class HelmChartArtifact {

  /** Chart.yaml fields in the order Helm writes its config JSON. */
  private static final List<String> FIELDS =
      List.of(
          "name",
          "home",
          "sources",
          "version",
          "description",
          "keywords",
          "maintainers",
          "icon",
          "apiVersion",
          "condition",
          "tags",
          "appVersion",
          "deprecated",
          "annotations",
          "kubeVersion",
          "dependencies",
          "type");

  private static final int MAX_CHART_YAML = 1 << 20;

  /** The parts of the artifact. */
  record Parts(
      PushPlan.Blob config, PushPlan.Blob layer, Digest manifest, InlineContent manifestBytes) {}

  private HelmChartArtifact() {}

  static Parts make(BundleChart chart, Path workDir) throws BadInputException {
    String where = "Helm chart " + chart.source();
    try {
      PushPlan.Blob layer = layer(chart, workDir);
      byte[] config = configJson(chart.content(), where);
      Digest configDigest = Digest.sha256(config);
      ObjectNode manifest = Json.MAPPER.createObjectNode();
      manifest.put("schemaVersion", 2);
      manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
      manifest.set("config", Descriptor.json(MediaTypes.HELM_CONFIG, configDigest, config.length));
      manifest
          .putArray("layers")
          .add(Descriptor.json(MediaTypes.HELM_CHART, layer.digest(), layer.size()));
      ObjectNode annotations = manifest.putObject("annotations");
      annotations.put("org.opencontainers.image.title", chart.name());
      annotations.put("org.opencontainers.image.version", chart.version());
      byte[] manifestBytes = Json.MAPPER.writeValueAsBytes(manifest);
      return new Parts(
          new PushPlan.Blob(configDigest, config.length, new InlineContent(config)),
          layer,
          Digest.sha256(manifestBytes),
          new InlineContent(manifestBytes));
    } catch (IOException e) {
      throw new BadInputException(
          "Cannot prepare the " + where + " for pushing: " + e.getMessage(),
          "The chart archive is damaged, or the work directory is not writable.",
          e);
    }
  }

  /** The chart as gzip: as stored when it is a .tgz, else gzipped once into the work directory. */
  private static PushPlan.Blob layer(BundleChart chart, Path workDir) throws IOException {
    if (isGzip(chart.content())) {
      return new PushPlan.Blob(chart.digest(), chart.sizeBytes(), chart.content());
    }
    Path file = gzipped(chart, workDir);
    Hashing.Result hashed = Hashing.hash(file, DigestAlgorithm.SHA256);
    return new PushPlan.Blob(hashed.digest(), hashed.size(), FileSlice.of(file, hashed.size()));
  }

  /**
   * The chart archive as a gzipped file in {@code workDir/charts}, written once (temp file, then
   * rename): the stored bytes of a .tgz, a plain .tar gzipped deterministically.
   */
  static Path gzipped(BundleChart chart, Path workDir) throws IOException {
    Path dir = Files.createDirectories(workDir.resolve("charts"));
    Path file = dir.resolve(chart.digest().hex() + ".tgz");
    if (!Files.exists(file)) {
      boolean gzip = isGzip(chart.content());
      Path temp = Files.createTempFile(dir, "chart", ".partial");
      try {
        try (InputStream in = chart.content().open();
            OutputStream out =
                gzip
                    ? Files.newOutputStream(temp)
                    : new DeterministicGzip(Files.newOutputStream(temp))) {
          in.transferTo(out);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temp);
      }
    }
    return file;
  }

  private static boolean isGzip(ContentSource content) throws IOException {
    try (InputStream in = content.open()) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }

  /** Chart.yaml as Helm's config JSON. */
  @SuppressWarnings("unchecked")
  static byte[] configJson(ContentSource content, String where) throws IOException {
    Map<String, Object> chartYaml = null;
    try (InputStream raw = new BufferedInputStream(content.open(), 1 << 16)) {
      raw.mark(2);
      boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
      raw.reset();
      InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
      TarArchiveInputStream tar = new BoundedTarInputStream(in, where);
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        String name =
            entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
        int slash = name.indexOf('/');
        if (slash > 0 && name.substring(slash + 1).equals("Chart.yaml")) {
          if (entry.getSize() > MAX_CHART_YAML) {
            throw new IOException(where + ": Chart.yaml is larger than 1 MiB");
          }
          Object parsed = BundleYaml.load(tar.readNBytes((int) entry.getSize()));
          if (parsed instanceof Map<?, ?> map) {
            chartYaml = (Map<String, Object>) map;
          }
          break;
        }
      }
    }
    if (chartYaml == null) {
      throw new IOException(where + " has no <name>/Chart.yaml");
    }
    ObjectNode config = Json.MAPPER.createObjectNode();
    for (String field : FIELDS) {
      Object value = chartYaml.get(field);
      if (value != null && !(value instanceof String s && s.isEmpty())) {
        config.set(
            field,
            Json.MAPPER.valueToTree(value instanceof java.util.Date ? value.toString() : value));
      }
    }
    try {
      return Json.MAPPER.writeValueAsBytes(config);
    } catch (JsonProcessingException e) {
      throw new IOException(
          where + ": Chart.yaml cannot be written as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** gzip with a fixed header (no time, no name), so the same tar always gives the same bytes. */
  private static final class DeterministicGzip extends GZIPOutputStream {
    DeterministicGzip(OutputStream out) throws IOException {
      super(out, 1 << 16);
      def.setLevel(Deflater.DEFAULT_COMPRESSION);
    }
  }
}
