package io.airlock.core.push;

import com.fasterxml.jackson.databind.JsonNode;
import io.airlock.core.AirlockException;
import io.airlock.core.AtomicFiles;
import io.airlock.core.BadInputException;
import io.airlock.core.CheckFailedException;
import io.airlock.core.bundle.BundleChart;
import io.airlock.core.digest.Digest;
import io.airlock.core.distribution.ManifestInfo;
import io.airlock.core.distribution.RegistryClient;
import io.airlock.core.distribution.RegistryEndpoint;
import io.airlock.core.distribution.RegistryFailure;
import io.airlock.core.oci.Json;
import io.airlock.core.oci.MediaTypes;
import io.airlock.core.oci.TargetNaming;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A bundle's chart read back from the registry it was pushed to, as the archive Helm installs: what
 * {@code helm pull oci://REGISTRY/REPOSITORY --version V} gets, fetched by Airlock's own client so
 * that the registry's password never lands in Helm's configuration on disk. The chart's tag must
 * name the bundle's own chart (its manifest digest), and every byte must match its digest, so Helm
 * installs exactly what was verified, and only once the registry really serves it.
 */
public final class ChartPull {

  private ChartPull() {}

  /**
   * Fetches the chart into {@code workDir/charts/pulled/DIGEST.tgz} (temp file, then rename).
   *
   * @return the archive's path
   */
  public static Path fetch(PushOptions options, BundleChart chart, Path workDir)
      throws AirlockException, InterruptedIOException {
    String repository = options.naming().chartRepository(chart.name());
    String tag = TargetNaming.chartTag(chart.version());
    String where = options.target().host() + "/" + repository + ":" + tag;
    Optional<Digest> recorded = chart.ociManifestIfAny();
    Digest expected =
        recorded.isPresent() ? recorded.get() : HelmChartArtifact.make(chart, workDir).manifest();
    RegistryClient client =
        RegistryClient.create(
            new RegistryEndpoint(options.target().host(), options.plainHttp()),
            options.credentials(),
            options.tls(),
            options.retry(),
            (action, attempt, max, delay, reason) -> {});
    try {
      Optional<ManifestInfo> tagged = client.headManifest(repository, tag);
      if (tagged.isEmpty()) {
        throw new CheckFailedException(
                "The registry does not hold the chart " + where + ".",
                "Push the bundle again, then install its charts.")
            .coded("chart.missing");
      }
      if (!expected.equals(tagged.get().digest())) {
        throw new CheckFailedException(
                "The registry's chart "
                    + where
                    + " is not the bundle's: it is "
                    + tagged.get().digest()
                    + ", the bundle's is "
                    + expected
                    + ".",
                "Something else pushed a chart of that name and version; push the bundle again"
                    + " so that the registry holds the verified one.")
            .coded("chart.mismatch");
      }
      byte[] manifest =
          client
              .getManifest(repository, expected.toString(), MediaTypes.OCI_MANIFEST)
              .orElseThrow(
                  () ->
                      new CheckFailedException(
                          "The registry lost the chart " + where + " while it was being read.",
                          "Push the bundle again."));
      JsonNode chartLayer = chartLayer(manifest, expected, where);
      Digest layer = Digest.parse(chartLayer.path("digest").asText());
      long size = chartLayer.path("size").asLong(-1);
      byte[] archive =
          client
              .getSmallBlob(repository, layer, size)
              .orElseThrow(
                  () ->
                      new CheckFailedException(
                          "The registry holds the manifest of "
                              + where
                              + " but not its chart "
                              + layer
                              + ".",
                          "Push the bundle again: the push restores missing blobs."));
      Path file = workDir.resolve("charts").resolve("pulled").resolve(layer.hex() + ".tgz");
      AtomicFiles.write(file, archive);
      return file;
    } catch (RegistryFailure f) {
      throw PushEngine.error(options, f, null, null);
    } catch (InterruptedException e) {
      throw PushEngine.interrupted();
    } catch (IOException e) {
      throw new BadInputException(
          "Cannot write the chart " + where + " into " + workDir + ": " + e.getMessage(),
          "Check that the work directory is writable and has room.",
          e);
    }
  }

  /** The manifest's chart layer, after checking the manifest is the one asked for. */
  private static JsonNode chartLayer(byte[] manifest, Digest expected, String where)
      throws CheckFailedException {
    Digest got =
        Digest.of(expected.algorithm(), expected.algorithm().newMessageDigest().digest(manifest));
    if (!got.equals(expected)) {
      throw new CheckFailedException(
          "The registry sent a manifest for "
              + where
              + " that does not match its digest "
              + expected
              + ".",
          "The registry is damaged or something between is changing data; check it.");
    }
    for (JsonNode l : Json.parse(manifest).path("layers")) {
      if (MediaTypes.HELM_CHART.equals(l.path("mediaType").asText())
          && Digest.isValid(l.path("digest").asText())
          && l.path("size").asLong(-1) >= 0) {
        return l;
      }
    }
    throw new CheckFailedException(
        "The manifest of " + where + " has no Helm chart layer.",
        "The registry holds something that is not a Helm chart under that name.");
  }
}
