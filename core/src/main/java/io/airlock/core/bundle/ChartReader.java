package io.airlock.core.bundle;

import io.airlock.core.BadInputException;
import io.airlock.core.archive.BoundedTarInputStream;
import io.airlock.core.archive.Compression;
import io.airlock.core.archive.FileSlice;
import io.airlock.core.archive.InputLimits;
import io.airlock.core.archive.InputRefusal;
import io.airlock.core.archive.MemberPaths;
import io.airlock.core.archive.UniqueMembers;
import io.airlock.core.digest.Digest;
import io.airlock.core.digest.DigestAlgorithm;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a Helm chart archive ({@code .tgz}, or {@code .tar} as some bundles ship them): its
 * Chart.yaml name and version, and the digest of the archive, in one pass.
 */
final class ChartReader {

  private static final int MAX_CHART_YAML = InputLimits.MAX_YAML;

  private ChartReader() {}

  static boolean looksLikeChart(String fileName) {
    return fileName.endsWith(".tgz") || fileName.endsWith(".tar.gz") || fileName.endsWith(".tar");
  }

  static BundleChart read(FileSlice content, String source, String where) throws BadInputException {
    MessageDigest md = DigestAlgorithm.SHA256.newMessageDigest();
    Map<String, Object> chartYaml = null;
    try (InputStream raw = new DigestInputStream(content.open(), md);
        BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16)) {
      buffered.mark(4);
      Compression compression = Compression.of(buffered.readNBytes(4));
      buffered.reset();
      InputStream tarStream =
          compression == Compression.GZIP ? new GZIPInputStream(buffered, 1 << 16) : buffered;
      TarArchiveInputStream tar = new BoundedTarInputStream(tarStream, where);
      UniqueMembers unique = new UniqueMembers(where);
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        unique.add(
            MemberPaths.normalize(entry.getName()).orElse(entry.getName()), entry.isDirectory());
        if (chartYaml == null && isTopChartYaml(entry.getName())) {
          if (entry.getSize() > MAX_CHART_YAML) {
            throw new BadInputException(where + ": Chart.yaml is larger than 1 MiB.");
          }
          chartYaml = parseYaml(tar.readNBytes((int) entry.getSize()), where);
        }
      }
      // Hash what the tar reader did not need, so the digest covers the whole file.
      buffered.transferTo(OutputStream.nullOutputStream());
    } catch (InputRefusal e) {
      throw e.reason();
    } catch (IOException e) {
      throw new BadInputException(
          "Cannot read the Helm chart " + where + ": " + e.getMessage(),
          "The chart archive is damaged; get the bundle again.",
          e);
    }
    if (chartYaml == null) {
      throw new BadInputException(
          where + " is not a Helm chart: it has no <name>/Chart.yaml.",
          "Remove it from charts/ or replace it with the packaged chart (helm package).");
    }
    String name = text(chartYaml.get("name"));
    String version = text(chartYaml.get("version"));
    if (name == null || version == null) {
      throw new BadInputException(where + ": Chart.yaml has no name or no version.");
    }
    return new BundleChart(
        name,
        version,
        text(chartYaml.get("appVersion")),
        source,
        Digest.of(DigestAlgorithm.SHA256, md.digest()),
        content.size(),
        content,
        null);
  }

  private static boolean isTopChartYaml(String name) {
    String n = name.startsWith("./") ? name.substring(2) : name;
    int slash = n.indexOf('/');
    return slash > 0 && n.substring(slash + 1).equals("Chart.yaml");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parseYaml(byte[] bytes, String where)
      throws BadInputException {
    try {
      Object parsed = BundleYaml.load(bytes);
      if (parsed instanceof Map<?, ?> map) {
        return (Map<String, Object>) map;
      }
      throw new BadInputException(where + ": Chart.yaml is not a YAML mapping.");
    } catch (YAMLException e) {
      throw new BadInputException(where + ": Chart.yaml is not valid YAML: " + e.getMessage());
    }
  }

  private static @Nullable String text(@Nullable Object value) {
    return value == null ? null : value.toString();
  }
}
