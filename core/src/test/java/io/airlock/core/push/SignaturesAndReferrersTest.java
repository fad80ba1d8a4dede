package io.airlock.core.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airlock.core.archive.Compression;
import io.airlock.core.archive.TarWriter;
import io.airlock.core.bundle.Bundle;
import io.airlock.core.digest.Digest;
import io.airlock.core.oci.Json;
import io.airlock.core.oci.MediaTypes;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.testing.DockerRegistry;
import io.airlock.core.testing.Skopeo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An oci-archive with an image, its cosign signature (tag {@code sha256-<hex>.sig}, recorded
 * without a repository) and an OCI 1.1 SBOM artifact whose {@code subject} is the image: both must
 * land in the image's repository, the referrer listed in the referrers tag index (docker-registry
 * 2.8 has no referrers API).
 */
class SignaturesAndReferrersTest {

  static final String SBOM_TYPE = "application/vnd.example.sbom.v1+json";

  @TempDir static Path dir;
  @AutoClose static DockerRegistry registry;
  static Bundle bundle;
  static Digest image;
  static Digest signature;
  static Digest sbom;

  @BeforeAll
  static void start() throws Exception {
    registry = DockerRegistry.start();
    Map<Digest, byte[]> blobs = new LinkedHashMap<>();
    List<ObjectNode> entries = new ArrayList<>();

    Digest layer = put(blobs, "layer bytes of the test image".getBytes(StandardCharsets.UTF_8));
    Digest config =
        put(
            blobs,
            "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                .getBytes(StandardCharsets.UTF_8));
    byte[] imageManifest =
        manifest(
            MediaTypes.OCI_CONFIG,
            config,
            blobs,
            List.of(descriptor(MediaTypes.OCI_LAYER_GZIP, layer, blobs)),
            null,
            null);
    image = put(blobs, imageManifest);
    entries.add(entry(image, imageManifest.length, "ghcr.io/acme/app:1.0"));

    Digest payload =
        put(
            blobs,
            ("{\"critical\":{\"image\":{\"docker-manifest-digest\":\"" + image + "\"}}}")
                .getBytes(StandardCharsets.UTF_8));
    Digest sigConfig =
        put(
            blobs,
            "{\"architecture\":\"\",\"os\":\"\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                .getBytes(StandardCharsets.UTF_8));
    ObjectNode sigLayer =
        descriptor("application/vnd.dev.cosign.simplesigning.v1+json", payload, blobs);
    sigLayer
        .putObject("annotations")
        .put("dev.cosignproject.cosign/signature", "MEUCIQD-test-signature");
    byte[] sigManifest =
        manifest(MediaTypes.OCI_CONFIG, sigConfig, blobs, List.of(sigLayer), null, null);
    signature = put(blobs, sigManifest);
    entries.add(entry(signature, sigManifest.length, "sha256-" + image.hex() + ".sig"));

    Digest empty = put(blobs, "{}".getBytes(StandardCharsets.UTF_8));
    Digest sbomBlob = put(blobs, "{\"spdxVersion\":\"SPDX-2.3\"}".getBytes(StandardCharsets.UTF_8));
    ObjectNode subject =
        Json.MAPPER
            .createObjectNode()
            .put("mediaType", MediaTypes.OCI_MANIFEST)
            .put("digest", image.toString())
            .put("size", imageManifest.length);
    byte[] sbomManifest =
        manifest(
            MediaTypes.OCI_EMPTY,
            empty,
            blobs,
            List.of(descriptor(SBOM_TYPE, sbomBlob, blobs)),
            subject,
            SBOM_TYPE);
    sbom = put(blobs, sbomManifest);
    entries.add(entry(sbom, sbomManifest.length, null));

    Path archive = dir.resolve("acme-app.tar");
    try (TarWriter tar = TarWriter.create(archive, Compression.NONE)) {
      tar.addBytes(
          "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
      ObjectNode index =
          Json.MAPPER
              .createObjectNode()
              .put("schemaVersion", 2)
              .put("mediaType", MediaTypes.OCI_INDEX);
      index.putArray("manifests").addAll(entries);
      tar.addBytes("index.json", Json.MAPPER.writeValueAsBytes(index));
      for (Map.Entry<Digest, byte[]> b : blobs.entrySet()) {
        tar.addBytes("blobs/sha256/" + b.getKey().hex(), b.getValue());
      }
    }
    bundle = PushFixtures.open(archive);
  }

  @Test
  void signatureAndReferrerTravelWithTheirImage() throws Exception {
    PushReport r =
        PushFixtures.push(
            bundle,
            PushFixtures.options(registry.host(), "mirror", dir.resolve("state")),
            dir.resolve("work"),
            ProgressListener.NONE);
    assertEquals(
        List.of("image", "signature", "referrer"),
        r.artifacts().stream().map(PushReport.Pushed::kind).toList());
    String repo = registry.host() + "/mirror/ghcr.io/acme/app";
    assertEquals(image, PushFixtures.skopeoDigest(repo + ":1.0"));
    assertEquals(signature, PushFixtures.skopeoDigest(repo + ":sha256-" + image.hex() + ".sig"));
    assertEquals(sbom, PushFixtures.skopeoDigest(repo + "@" + sbom));
    JsonNode referrers = referrersIndex("mirror");
    assertEquals(1, referrers.path("manifests").size(), referrers.toString());
    JsonNode d = referrers.path("manifests").get(0);
    assertEquals(sbom.toString(), d.path("digest").asText());
    assertEquals(SBOM_TYPE, d.path("artifactType").asText());

    // Pushing again leaves the referrers index as it is: no duplicate entry.
    PushReport again =
        PushFixtures.push(
            bundle,
            PushFixtures.options(registry.host(), "mirror", dir.resolve("state")),
            dir.resolve("work"),
            ProgressListener.NONE);
    assertEquals(3, again.presentCount());
    assertEquals(1, referrersIndex("mirror").path("manifests").size());
  }

  @Test
  void selectingTheImageBringsItsSignatureAndReferrer() throws Exception {
    PushReport r =
        PushFixtures.push(
            bundle,
            PushFixtures.options(registry.host(), "only", dir.resolve("state")).toBuilder()
                .only(List.of("ghcr.io/acme/app:1.0"))
                .build(),
            dir.resolve("work"),
            ProgressListener.NONE);
    assertEquals(3, r.artifacts().size(), r.artifacts().toString());
    assertEquals(
        signature,
        PushFixtures.skopeoDigest(
            registry.host() + "/only/ghcr.io/acme/app:sha256-" + image.hex() + ".sig"));
    assertTrue(referrersIndex("only").path("manifests").size() == 1);
  }

  private static JsonNode referrersIndex(String prefix) {
    byte[] raw =
        Skopeo.rawManifest(
            "docker://"
                + registry.host()
                + "/"
                + prefix
                + "/ghcr.io/acme/app:sha256-"
                + image.hex(),
            "--tls-verify=false");
    return Json.parse(raw);
  }

  private static Digest put(Map<Digest, byte[]> blobs, byte[] content) {
    Digest d = Digest.sha256(content);
    blobs.put(d, content);
    return d;
  }

  private static ObjectNode descriptor(String mediaType, Digest digest, Map<Digest, byte[]> blobs) {
    return Json.MAPPER
        .createObjectNode()
        .put("mediaType", mediaType)
        .put("digest", digest.toString())
        .put("size", blobs.get(digest).length);
  }

  private static byte[] manifest(
      String configType,
      Digest config,
      Map<Digest, byte[]> blobs,
      List<ObjectNode> layers,
      ObjectNode subject,
      String artifactType)
      throws Exception {
    ObjectNode m =
        Json.MAPPER
            .createObjectNode()
            .put("schemaVersion", 2)
            .put("mediaType", MediaTypes.OCI_MANIFEST);
    if (artifactType != null) {
      m.put("artifactType", artifactType);
    }
    m.set("config", descriptor(configType, config, blobs));
    m.putArray("layers").addAll(layers);
    if (subject != null) {
      m.set("subject", subject);
    }
    return Json.MAPPER.writeValueAsBytes(m);
  }

  private static ObjectNode entry(Digest digest, long size, String name) {
    ObjectNode e =
        Json.MAPPER
            .createObjectNode()
            .put("mediaType", MediaTypes.OCI_MANIFEST)
            .put("digest", digest.toString())
            .put("size", size);
    if (name != null) {
      e.putObject("annotations").put("org.opencontainers.image.ref.name", name);
    }
    return e;
  }
}
