package io.airlock.core.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airlock.core.archive.Compression;
import io.airlock.core.archive.ContentSource;
import io.airlock.core.archive.FileSlice;
import io.airlock.core.bundle.BundleChart;
import io.airlock.core.digest.Digest;
import io.airlock.core.digest.DigestAlgorithm;
import io.airlock.core.digest.Hashing;
import io.airlock.core.oci.Json;
import io.airlock.core.oci.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPOutputStream;

/**
 * Makes a Helm chart of a bundle into the OCI artifact {@code helm push} would have made: an image
 * manifest with a Helm config and the packaged chart as its one layer. Charts shipped as plain
 * {@code .tar} are gzipped first, deterministically (the JDK's gzip header has no time or name), to
 * a cache file, so the artifact's digests are the same every time the bundle is served.
 */
final class ChartArtifacts {

  /** The three blobs of a chart artifact. */
  record Artifact(
      Digest manifest,
      byte[] manifestBytes,
      Digest config,
      byte[] configBytes,
      Digest layer,
      ContentSource layerContent) {}

  private final Path cacheDir;

  ChartArtifacts(Path cacheDir) {
    this.cacheDir = cacheDir;
  }

  Artifact artifactOf(BundleChart chart) throws IOException {
    ContentSource layer;
    Digest layerDigest;
    byte[] head;
    try (InputStream in = chart.content().open()) {
      head = in.readNBytes(4);
    }
    if (Compression.of(head) == Compression.GZIP) {
      layer = chart.content();
      layerDigest = chart.digest();
    } else {
      Path gz = gzipped(chart);
      layerDigest = Hashing.hash(gz, DigestAlgorithm.SHA256).digest();
      layer = FileSlice.of(gz, Files.size(gz));
    }
    ObjectNode config = Json.MAPPER.createObjectNode();
    config.put("name", chart.name());
    config.put("version", chart.version());
    if (chart.appVersion() != null) {
      config.put("appVersion", chart.appVersion());
    }
    byte[] configBytes = bytes(config);
    Digest configDigest = Digest.sha256(configBytes);

    ObjectNode manifest = Json.MAPPER.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
    ObjectNode c = manifest.putObject("config");
    c.put("mediaType", MediaTypes.HELM_CONFIG);
    c.put("digest", configDigest.toString());
    c.put("size", configBytes.length);
    ObjectNode l = manifest.putArray("layers").addObject();
    l.put("mediaType", MediaTypes.HELM_CHART);
    l.put("digest", layerDigest.toString());
    l.put("size", layer.size());
    ObjectNode annotations = manifest.putObject("annotations");
    annotations.put("org.opencontainers.image.title", chart.name());
    annotations.put("org.opencontainers.image.version", chart.version());
    byte[] manifestBytes = bytes(manifest);
    return new Artifact(
        Digest.sha256(manifestBytes), manifestBytes, configDigest, configBytes, layerDigest, layer);
  }

  /** The chart gzipped, from the cache or made now (temporary file, then rename). */
  private Path gzipped(BundleChart chart) throws IOException {
    Files.createDirectories(cacheDir);
    Path target = cacheDir.resolve(chart.digest().hex() + ".tgz");
    if (Files.isRegularFile(target)) {
      return target;
    }
    Path tmp = Files.createTempFile(cacheDir, "chart", ".tmp");
    try {
      try (InputStream in = chart.content().open();
          OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
        in.transferTo(out);
      }
      Durable.fsync(tmp);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return target;
  }

  private static byte[] bytes(ObjectNode node) {
    try {
      return Json.MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
