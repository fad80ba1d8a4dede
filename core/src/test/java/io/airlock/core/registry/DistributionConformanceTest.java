package io.airlock.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airlock.core.digest.Digest;
import io.airlock.core.oci.Json;
import io.airlock.core.testing.EmbeddedRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The OCI distribution-spec conformance suite (opencontainers/distribution-spec, conformance/,
 * v1.1), reproduced check by check: its four workflows (pull, push, content discovery, content
 * management) in its order, with its test data (setup.go) and its accepted status codes, against
 * {@code airlock serve}. The suite is Go and cannot be fetched here; these tests are its port. Each
 * test's name is the suite's {@code g.Specify} text. The suite's settings mirrored: all four
 * workflows enabled, setup run, OCI_DELETE_MANIFEST_BEFORE_BLOBS=true (its default), no automatic
 * cross-mount. Where the suite accepts several answers (201 or 202), we assert the one we give.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class DistributionConformanceTest {

  static final String NAME = "conformance/" + UUID.randomUUID().toString().substring(0, 8);
  static final String CROSSMOUNT = "conformance-" + UUID.randomUUID();
  static final String TEST_TAG = "tagtest0";
  static final String EMPTY_LAYER_TAG = "emptylayer";
  static final String NONEXISTENT_MANIFEST = ".INVALID_MANIFEST_NAME";
  static final byte[] INVALID_MANIFEST = "blablabla".getBytes(StandardCharsets.UTF_8);
  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  static final Set<String> ERROR_CODES =
      Set.of(
          "BLOB_UNKNOWN",
          "BLOB_UPLOAD_INVALID",
          "BLOB_UPLOAD_UNKNOWN",
          "DIGEST_INVALID",
          "MANIFEST_BLOB_UNKNOWN",
          "MANIFEST_INVALID",
          "MANIFEST_UNKNOWN",
          "MANIFEST_UNVERIFIED",
          "NAME_INVALID",
          "NAME_UNKNOWN",
          "SIZE_INVALID",
          "TAG_INVALID",
          "UNAUTHORIZED",
          "DENIED",
          "UNSUPPORTED");

  /** setup.go's layerBase64String: a tar.gz of one text file. */
  static final byte[] LAYER =
      Base64.getDecoder()
          .decode(
              "H4sIAAAAAAAAA+3OQQrCMBCF4a49xXgBSUnaHMCTRBptQRNpp6i3t0UEV7oqIv7fYgbmzeJpHHSjVy0"
                  + "WZCa1c/MufWVe94N3RWlrZ72x3k/30nhbFWKWLPU0Dhp6keJ8im//PuU/6pZH2WVtYx8b0Sz7LjWSR5VLG6YRBumSzOlGtjkd+qD"
                  + "jMWiX07Befbs7AAAAAAAAAAAAAAAAAPyzO34MnqoAKAAA");

  static final String ANNOTATION_KEY = "org.opencontainers.conformance.test";
  static final String ARTIFACT_TYPE_A = "application/vnd.nhl.peanut.butter.bagel";
  static final String ARTIFACT_TYPE_B = "application/vnd.nba.strawberry.jam.croissant";
  static final byte[] EMPTY_JSON = "{}".getBytes(StandardCharsets.UTF_8);
  static final byte[] REF_BLOB_A =
      "NHL Peanut Butter on my NHL bagel".getBytes(StandardCharsets.UTF_8);
  static final byte[] REF_BLOB_B =
      "NBA Strawberry Jam on my NBA croissant".getBytes(StandardCharsets.UTF_8);
  static final String DUMMY_DIGEST =
      Digest.sha256("hello world".getBytes(StandardCharsets.UTF_8)).toString();

  @AutoClose EmbeddedRegistry registry;
  Http http;

  final List<byte[]> configs = new ArrayList<>();
  final List<byte[]> manifests = new ArrayList<>();
  byte[] emptyLayerManifest;
  byte[] blobA;
  byte[] blobB;
  byte[] blobBChunk1;
  byte[] blobBChunk2;
  String blobBChunk1Range;
  String blobBChunk2Range;
  byte[] refsManifestAConfig;
  byte[] refsManifestALayer;
  byte[] refsManifestBConfig;
  byte[] refsManifestBLayer;
  byte[] refsManifestCLayer;
  byte[] refsIndex;
  final Map<String, String> annotationValues = new HashMap<>();

  @BeforeAll
  void setUp() {
    registry = EmbeddedRegistry.start();
    http = new Http(registry.url());
    Random random = new Random(42);
    for (int i = 0; i < 4; i++) {
      ObjectNode config = Json.MAPPER.createObjectNode();
      config.put("author", UUID.randomUUID().toString().substring(0, 16));
      config.put("architecture", "amd64");
      config.put("os", "linux");
      config.putObject("rootfs").put("type", "layers").putArray("diff_ids");
      configs.add(bytes(config));
    }
    for (int i = 0; i < 4; i++) {
      ObjectNode m = Json.MAPPER.createObjectNode();
      m.put("schemaVersion", 2);
      m.put("mediaType", OCI_MANIFEST);
      ObjectNode c =
          descriptor(
              m.putObject("config"), "application/vnd.oci.image.config.v1+json", configs.get(i));
      c.put("data", Base64.getEncoder().encodeToString(configs.get(i)));
      c.put("newUnspecifiedField", Base64.getEncoder().encodeToString("hello world".getBytes()));
      descriptor(
          m.putArray("layers").addObject(), "application/vnd.oci.image.layer.v1.tar+gzip", LAYER);
      manifests.add(pretty(m));
    }
    // manifests[4] in the suite is the fifth workflow slot; it is the discovery subject.
    ObjectNode m4 = (ObjectNode) Json.parse(manifests.get(2)).deepCopy();
    ObjectNode config4 =
        Json.MAPPER.createObjectNode().put("author", "subject-" + UUID.randomUUID());
    configs.add(bytes(config4));
    descriptor(
        (ObjectNode) m4.get("config"), "application/vnd.oci.image.config.v1+json", configs.get(4));
    ((ObjectNode) m4.get("config")).remove("data");
    manifests.add(pretty(m4));

    ObjectNode empty = Json.MAPPER.createObjectNode();
    empty.put("schemaVersion", 2);
    descriptor(
        empty.putObject("config"), "application/vnd.oci.image.config.v1+json", configs.get(1));
    empty.putArray("layers");
    emptyLayerManifest = pretty(empty);

    blobA = new byte[42];
    random.nextBytes(blobA);
    blobB = new byte[42];
    random.nextBytes(blobB);
    blobBChunk1 = java.util.Arrays.copyOfRange(blobB, 0, 42 / 2 + 1);
    blobBChunk2 = java.util.Arrays.copyOfRange(blobB, 42 / 2 + 1, 42);
    blobBChunk1Range = "0-" + (blobBChunk1.length - 1);
    blobBChunk2Range = blobBChunk1.length + "-" + (blobB.length - 1);

    refsManifestAConfig =
        artifact(ARTIFACT_TYPE_A, REF_BLOB_A, true, manifests.get(4), "test config a");
    refsManifestBConfig =
        artifact(ARTIFACT_TYPE_B, REF_BLOB_B, true, manifests.get(4), "test config b");
    refsManifestALayer =
        artifact(ARTIFACT_TYPE_A, REF_BLOB_A, false, manifests.get(4), "test layer a");
    refsManifestBLayer =
        artifact(ARTIFACT_TYPE_B, REF_BLOB_B, false, manifests.get(4), "test layer b");
    refsManifestCLayer = artifact(ARTIFACT_TYPE_B, REF_BLOB_B, false, manifests.get(3), null);

    ObjectNode index = Json.MAPPER.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", OCI_INDEX);
    index.put("artifactType", "application/vnd.food.stand");
    ArrayNode entries = index.putArray("manifests");
    descriptor(entries.addObject(), OCI_MANIFEST, refsManifestAConfig);
    descriptor(entries.addObject(), OCI_MANIFEST, refsManifestALayer);
    descriptor(index.putObject("subject"), OCI_MANIFEST, manifests.get(4));
    index.putObject("annotations").put(ANNOTATION_KEY, "test index");
    refsIndex = pretty(index);
    annotationValues.put(digest(refsIndex), "test index");
  }

  private byte[] artifact(
      String artifactType, byte[] blob, boolean inConfig, byte[] subject, String annotation) {
    ObjectNode m = Json.MAPPER.createObjectNode();
    m.put("schemaVersion", 2);
    m.put("mediaType", OCI_MANIFEST);
    if (inConfig) {
      descriptor(m.putObject("config"), artifactType, blob);
      descriptor(m.putArray("layers").addObject(), "application/vnd.oci.empty.v1+json", EMPTY_JSON);
    } else {
      m.put("artifactType", artifactType);
      descriptor(m.putObject("config"), "application/vnd.oci.empty.v1+json", EMPTY_JSON);
      descriptor(m.putArray("layers").addObject(), artifactType, blob);
    }
    descriptor(m.putObject("subject"), OCI_MANIFEST, subject);
    if (annotation != null) {
      m.putObject("annotations").put(ANNOTATION_KEY, annotation);
    }
    byte[] bytes = pretty(m);
    if (annotation != null) {
      annotationValues.put(digest(bytes), annotation);
    }
    return bytes;
  }

  // ------------------------------------------------------------------ helpers

  static ObjectNode descriptor(ObjectNode d, String mediaType, byte[] content) {
    d.put("mediaType", mediaType);
    d.put("digest", digest(content));
    d.put("size", content.length);
    return d;
  }

  static String digest(byte[] content) {
    return Digest.sha256(content).toString();
  }

  static byte[] bytes(JsonNode node) {
    try {
      return Json.MAPPER.writeValueAsBytes(node);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static byte[] pretty(JsonNode node) {
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  String p(String path) {
    return path.replace("<name>", NAME);
  }

  static void assert2xx(Http.Response r) {
    assertTrue(
        r.status() >= 200 && r.status() < 300, "expected 2xx, got " + r.status() + ": " + r.text());
  }

  static void assertStatus(int expected, Http.Response r) {
    assertEquals(expected, r.status(), () -> "response body: " + r.text());
  }

  /** POST then PUT with ?digest=, the suite's way of pushing a blob in setup. */
  void pushBlob(String name, byte[] content) {
    Http.Response r = http.post("/v2/" + name + "/blobs/uploads/", null);
    r =
        http.put(
            Http.withParam(r.header("Location"), "digest", digest(content)),
            content,
            "Content-Type",
            "application/octet-stream");
    assert2xx(r);
  }

  Http.Response putManifest(String reference, byte[] content, String mediaType) {
    return http.put(p("/v2/<name>/manifests/" + reference), content, "Content-Type", mediaType);
  }

  List<String> tagList(Http.Response r) {
    List<String> tags = new ArrayList<>();
    r.json().path("tags").forEach(t -> tags.add(t.asText()));
    return tags;
  }

  // ================================================================== 01 pull

  @Nested
  @Order(1)
  @DisplayName("Pull")
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class Pull {
    String tag;

    @Test
    @Order(1)
    @DisplayName(
        "Setup: Populate registry with test blob / layer / manifest, get the name of a tag")
    void setup() {
      pushBlob(NAME, configs.get(0));
      pushBlob(NAME, LAYER);
      assert2xx(putManifest(TEST_TAG, manifests.get(0), OCI_MANIFEST));
      Http.Response r = http.get(p("/v2/<name>/tags/list"));
      tag = tagList(r).get(0);
    }

    @Test
    @Order(2)
    @DisplayName("HEAD request to nonexistent blob should result in 404 response")
    void headMissingBlob() {
      assertStatus(404, http.head(p("/v2/<name>/blobs/" + DUMMY_DIGEST)));
    }

    @Test
    @Order(3)
    @DisplayName("HEAD request to existing blob should yield 200")
    void headBlob() {
      Http.Response r = http.head(p("/v2/<name>/blobs/" + digest(configs.get(0))));
      assertStatus(200, r);
      assertEquals(digest(configs.get(0)), r.header("Docker-Content-Digest"));
      assertEquals(String.valueOf(configs.get(0).length), r.header("Content-Length"));
    }

    @Test
    @Order(4)
    @DisplayName("GET nonexistent blob should result in 404 response")
    void getMissingBlob() {
      Http.Response r = http.get(p("/v2/<name>/blobs/" + DUMMY_DIGEST));
      assertStatus(404, r);
      assertEquals(List.of("BLOB_UNKNOWN"), r.errorCodes());
    }

    @Test
    @Order(5)
    @DisplayName("GET request to existing blob URL should yield 200")
    void getBlob() {
      Http.Response r = http.get(p("/v2/<name>/blobs/" + digest(configs.get(0))));
      assertStatus(200, r);
      assertEquals(new String(configs.get(0)), r.text());
    }

    @Test
    @Order(6)
    @DisplayName("HEAD request to nonexistent manifest should return 404")
    void headMissingManifest() {
      assertStatus(404, http.head(p("/v2/<name>/manifests/" + NONEXISTENT_MANIFEST)));
    }

    @Test
    @Order(7)
    @DisplayName("HEAD request to manifest path (digest) should yield 200 response")
    void headManifestByDigest() {
      Http.Response r =
          http.head(p("/v2/<name>/manifests/" + digest(manifests.get(0))), "Accept", OCI_MANIFEST);
      assertStatus(200, r);
      assertEquals(digest(manifests.get(0)), r.header("Docker-Content-Digest"));
    }

    @Test
    @Order(8)
    @DisplayName("HEAD request to manifest path (tag) should yield 200 response")
    void headManifestByTag() {
      assertNotNull(tag);
      Http.Response r = http.get(p("/v2/<name>/manifests/" + tag), "Accept", OCI_MANIFEST);
      assertStatus(200, r);
      assertEquals(digest(manifests.get(0)), r.header("Docker-Content-Digest"));
    }

    @Test
    @Order(9)
    @DisplayName("GET nonexistent manifest should return 404")
    void getMissingManifest() {
      Http.Response r = http.get(p("/v2/<name>/manifests/" + NONEXISTENT_MANIFEST));
      assertStatus(404, r);
      assertEquals(List.of("MANIFEST_UNKNOWN"), r.errorCodes());
    }

    @Test
    @Order(10)
    @DisplayName("GET request to manifest path (digest) should yield 200 response")
    void getManifestByDigest() {
      Http.Response r =
          http.get(p("/v2/<name>/manifests/" + digest(manifests.get(0))), "Accept", OCI_MANIFEST);
      assertStatus(200, r);
      assertEquals(new String(manifests.get(0)), r.text());
      assertEquals(OCI_MANIFEST, r.header("Content-Type"));
    }

    @Test
    @Order(11)
    @DisplayName("GET request to manifest path (tag) should yield 200 response")
    void getManifestByTag() {
      Http.Response r = http.get(p("/v2/<name>/manifests/" + tag), "Accept", OCI_MANIFEST);
      assertStatus(200, r);
      assertEquals(new String(manifests.get(0)), r.text());
    }

    @Test
    @Order(12)
    @DisplayName("400 response body should contain OCI-conforming JSON message")
    void errorBody() {
      Http.Response r = putManifest("sha256:totallywrong", INVALID_MANIFEST, OCI_MANIFEST);
      assertStatus(400, r);
      assertFalse(r.errorCodes().isEmpty());
      assertTrue(ERROR_CODES.contains(r.errorCodes().get(0)), r.text());
    }

    @Test
    @Order(13)
    @DisplayName("Teardown: Delete manifest created in setup, then config and layer blobs")
    void teardown() {
      assertStatus(202, http.delete(p("/v2/<name>/manifests/" + digest(manifests.get(0)))));
      assertStatus(202, http.delete(p("/v2/<name>/blobs/" + digest(configs.get(0)))));
      assertStatus(202, http.delete(p("/v2/<name>/blobs/" + digest(LAYER))));
    }
  }

  // ================================================================== 02 push

  @Nested
  @Order(2)
  @DisplayName("Push")
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class Push {
    Http.Response last;
    Http.Response previous;
    String emptyLayerManifestRef;

    @Test
    @Order(1)
    @DisplayName("PATCH request with blob in body should yield 202 response")
    void streamedPatch() {
      Http.Response r = http.post(p("/v2/<name>/blobs/uploads/"), null);
      assertNotNull(r.header("Location"));
      r =
          http.patch(
              Http.relative(r.header("Location")),
              blobA,
              "Content-Type",
              "application/octet-stream");
      assertStatus(202, r);
      last = r;
    }

    @Test
    @Order(2)
    @DisplayName("PUT request to session URL with digest should yield 201 response")
    void streamedPut() {
      Http.Response r =
          http.put(
              Http.withParam(last.header("Location"), "digest", digest(blobA)),
              null,
              "Content-Type",
              "application/octet-stream");
      assertStatus(201, r);
      assertNotNull(r.header("Location"));
    }

    @Test
    @Order(3)
    @DisplayName("GET nonexistent blob should result in 404 response")
    void monolithicMissing() {
      assertStatus(404, http.get(p("/v2/<name>/blobs/" + DUMMY_DIGEST)));
    }

    @Test
    @Order(4)
    @DisplayName("POST request with digest and blob should yield a 201 or 202")
    void monolithicPost() {
      Http.Response r =
          http.post(
              p("/v2/<name>/blobs/uploads/?digest=" + digest(configs.get(1))),
              configs.get(1),
              "Content-Type",
              "application/octet-stream");
      assertNotNull(r.header("Location"));
      assertStatus(201, r);
      last = r;
    }

    @Test
    @Order(5)
    @DisplayName(
        "GET request to blob URL from prior request should yield 200 or 404 based on response code")
    void monolithicGet() {
      assertStatus(200, http.get(p("/v2/<name>/blobs/" + digest(configs.get(1)))));
    }

    @Test
    @Order(6)
    @DisplayName("POST request should yield a session ID")
    void postSession() {
      Http.Response r = http.post(p("/v2/<name>/blobs/uploads/"), null);
      assertStatus(202, r);
      last = r;
    }

    @Test
    @Order(7)
    @DisplayName("PUT upload of a blob should yield a 201 Response")
    void monolithicPut() {
      Http.Response r =
          http.put(
              Http.withParam(last.header("Location"), "digest", digest(configs.get(1))),
              configs.get(1),
              "Content-Type",
              "application/octet-stream");
      assertNotNull(r.header("Location"));
      assertStatus(201, r);
    }

    @Test
    @Order(8)
    @DisplayName("GET request to existing blob should yield 200 response")
    void monolithicGetAgain() {
      assertStatus(200, http.get(p("/v2/<name>/blobs/" + digest(configs.get(1)))));
    }

    @Test
    @Order(9)
    @DisplayName("PUT upload of a layer blob should yield a 201 Response")
    void layerPut() {
      Http.Response r = http.post(p("/v2/<name>/blobs/uploads/"), null);
      r =
          http.put(
              Http.withParam(r.header("Location"), "digest", digest(LAYER)),
              LAYER,
              "Content-Type",
              "application/octet-stream");
      assertNotNull(r.header("Location"));
      assertStatus(201, r);
    }

    @Test
    @Order(10)
    @DisplayName("GET request to existing layer should yield 200 response")
    void layerGet() {
      assertStatus(200, http.get(p("/v2/<name>/blobs/" + digest(LAYER))));
    }

    @Test
    @Order(11)
    @DisplayName("Out-of-order blob upload should return 416")
    void outOfOrder() {
      Http.Response r = http.post(p("/v2/<name>/blobs/uploads/"), new byte[0]);
      assertNotNull(r.header("Location"));
      r =
          http.patch(
              Http.relative(r.header("Location")),
              blobBChunk2,
              "Content-Type",
              "application/octet-stream",
              "Content-Range",
              blobBChunk2Range);
      assertStatus(416, r);
    }

    @Test
    @Order(12)
    @DisplayName("PATCH request with first chunk should return 202")
    void firstChunk() {
      Http.Response r = http.post(p("/v2/<name>/blobs/uploads/"), new byte[0]);
      assertNotNull(r.header("Location"));
      previous = r;
      r =
          http.patch(
              Http.relative(r.header("Location")),
              blobBChunk1,
              "Content-Type",
              "application/octet-stream",
              "Content-Range",
              blobBChunk1Range);
      assertStatus(202, r);
      assertEquals(blobBChunk1Range, r.header("Range"));
      last = r;
    }

    @Test
    @Order(13)
    @DisplayName("Retry previous blob chunk should return 416")
    void retryChunk() {
      Http.Response r =
          http.patch(
              Http.relative(previous.header("Location")),
              blobBChunk1,
              "Content-Type",
              "application/octet-stream",
              "Content-Range",
              blobBChunk1Range);
      assertStatus(416, r);
    }

    @Test
    @Order(14)
    @DisplayName("Get on stale blob upload should return 204 with a range and location")
    void staleStatus() {
      Http.Response r = http.get(Http.relative(previous.header("Location")));
      assertStatus(204, r);
      assertNotNull(r.header("Location"));
      assertEquals(blobBChunk1Range, r.header("Range"));
      last = r;
    }

    @Test
    @Order(15)
    @DisplayName("PATCH request with second chunk should return 202")
    void secondChunk() {
      Http.Response r =
          http.patch(
              Http.relative(last.header("Location")),
              blobBChunk2,
              "Content-Range",
              blobBChunk2Range,
              "Content-Type",
              "application/octet-stream");
      assertStatus(202, r);
      assertNotNull(r.header("Location"));
      last = r;
    }

    @Test
    @Order(16)
    @DisplayName("PUT request with digest should return 201")
    void chunkedPut() {
      Http.Response r =
          http.put(
              Http.withParam(last.header("Location"), "digest", digest(blobB)),
              new byte[0],
              "Content-Type",
              "application/octet-stream");
      assertStatus(201, r);
      assertNotNull(r.header("Location"));
      assertEquals(
          new String(blobB, StandardCharsets.ISO_8859_1),
          new String(
              http.get(p("/v2/<name>/blobs/" + digest(blobB))).body(),
              StandardCharsets.ISO_8859_1));
    }

    @Test
    @Order(17)
    @DisplayName("Cross-mounting of a blob without the from argument should yield session id")
    void mountWithoutFrom() {
      Http.Response r =
          http.post("/v2/" + CROSSMOUNT + "/blobs/uploads/?mount=" + DUMMY_DIGEST, null);
      assertStatus(202, r);
      assertNotNull(r.header("Location"));
    }

    @Test
    @Order(18)
    @DisplayName("POST request to mount another repository's blob should return 201 or 202")
    void mount() {
      Http.Response r =
          http.post(
              "/v2/" + CROSSMOUNT + "/blobs/uploads/?mount=" + digest(blobA) + "&from=" + NAME,
              null);
      assertStatus(201, r);
      last = r;
    }

    @Test
    @Order(19)
    @DisplayName("GET request to test digest within cross-mount namespace should return 200")
    void mountedGet() {
      assertEquals(
          "/v2/" + CROSSMOUNT + "/blobs/" + digest(blobA), Http.relative(last.header("Location")));
      Http.Response r = http.get(Http.relative(last.header("Location")));
      assertStatus(200, r);
    }

    @Test
    @Order(20)
    @DisplayName(
        "Cross-mounting without from, and automatic content discovery disabled should return a 202")
    void mountNoDiscovery() {
      assertStatus(
          202, http.post("/v2/" + CROSSMOUNT + "/blobs/uploads/?mount=" + digest(blobA), null));
    }

    @Test
    @Order(21)
    @DisplayName("GET nonexistent manifest should return 404")
    void manifestMissing() {
      assertStatus(404, http.get(p("/v2/<name>/manifests/" + NONEXISTENT_MANIFEST)));
    }

    @Test
    @Order(22)
    @DisplayName("PUT should accept a manifest upload")
    void manifestPut() {
      for (int i = 0; i < 4; i++) {
        Http.Response r = putManifest("test" + i, manifests.get(1), OCI_MANIFEST);
        assertNotNull(r.header("Location"));
        assertStatus(201, r);
        assertEquals(digest(manifests.get(1)), r.header("Docker-Content-Digest"));
      }
    }

    @Test
    @Order(23)
    @DisplayName("Registry should accept a manifest upload with no layers")
    void emptyLayers() {
      Http.Response r = putManifest(EMPTY_LAYER_TAG, emptyLayerManifest, OCI_MANIFEST);
      assertStatus(201, r);
      emptyLayerManifestRef = r.header("Location");
      assertNotNull(emptyLayerManifestRef);
    }

    @Test
    @Order(24)
    @DisplayName("GET request to manifest URL (digest) should yield 200 response")
    void manifestGet() {
      assertStatus(
          200,
          http.get(p("/v2/<name>/manifests/" + digest(manifests.get(1))), "Accept", OCI_MANIFEST));
    }

    @Test
    @Order(25)
    @DisplayName("Teardown: Delete manifest created in tests, then blobs")
    void teardown() {
      assertStatus(202, http.delete(p("/v2/<name>/manifests/" + digest(manifests.get(1)))));
      assertStatus(202, http.delete(p("/v2/<name>/manifests/" + digest(emptyLayerManifest))));
      assertStatus(202, http.delete(p("/v2/<name>/blobs/" + digest(configs.get(1)))));
      assertStatus(202, http.delete(p("/v2/<name>/blobs/" + digest(blobA))));
      assertStatus(202, http.delete(p("/v2/<name>/blobs/" + digest(blobB))));
      assertStatus(202, http.delete(p("/v2/<name>/blobs/" + digest(LAYER))));
      // The deleted manifest's tags went with it.
      assertEquals(List.of(), tagList(http.get(p("/v2/<name>/tags/list"))));
    }
  }

  // ================================================================== 03 content discovery

  @Nested
  @Order(3)
  @DisplayName("Content Discovery")
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class ContentDiscovery {
    int numTags = 4;
    List<String> tagList = new ArrayList<>();

    @Test
    @Order(1)
    @DisplayName("Setup: Populate registry with test blob, layer and tags")
    void setupTags() {
      pushBlob(NAME, configs.get(2));
      pushBlob(NAME, LAYER);
      for (int i = 0; i < numTags; i++) {
        assert2xx(putManifest("test" + i, manifests.get(2), OCI_MANIFEST));
      }
      tagList = tagList(http.get(p("/v2/<name>/tags/list")));
    }

    @Test
    @Order(2)
    @DisplayName("References setup")
    void setupReferences() {
      assertEquals(
          "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
          digest(EMPTY_JSON));
      pushBlob(NAME, EMPTY_JSON);
      pushBlob(NAME, REF_BLOB_A);
      String subject = digest(manifests.get(4));
      Http.Response r = putManifest(digest(refsManifestAConfig), refsManifestAConfig, OCI_MANIFEST);
      assert2xx(r);
      assertEquals(subject, r.header("OCI-Subject"));
      r = putManifest(digest(refsManifestALayer), refsManifestALayer, OCI_MANIFEST);
      assert2xx(r);
      assertEquals(subject, r.header("OCI-Subject"));
      r = putManifest(digest(refsIndex), refsIndex, OCI_INDEX);
      assert2xx(r);
      assertEquals(subject, r.header("OCI-Subject"));
      pushBlob(NAME, configs.get(4));
      pushBlob(NAME, LAYER);
      assert2xx(putManifest(TEST_TAG, manifests.get(4), OCI_MANIFEST));
      pushBlob(NAME, REF_BLOB_B);
      r = putManifest(digest(refsManifestBConfig), refsManifestBConfig, OCI_MANIFEST);
      assert2xx(r);
      assertEquals(subject, r.header("OCI-Subject"));
      r = putManifest(digest(refsManifestBLayer), refsManifestBLayer, OCI_MANIFEST);
      assert2xx(r);
      assertEquals(subject, r.header("OCI-Subject"));
      r = putManifest(digest(refsManifestCLayer), refsManifestCLayer, OCI_MANIFEST);
      assert2xx(r);
      assertEquals(digest(manifests.get(3)), r.header("OCI-Subject"));
    }

    @Test
    @Order(3)
    @DisplayName("GET request to list tags should yield 200 response")
    void listTags() {
      Http.Response r = http.get(p("/v2/<name>/tags/list"));
      assertStatus(200, r);
      tagList = tagList(r);
      numTags = tagList.size();
      assertEquals(List.of("tagtest0", "test0", "test1", "test2", "test3"), tagList);
    }

    @Test
    @Order(4)
    @DisplayName("GET number of tags should be limitable by `n` query parameter")
    void limitTags() {
      int n = numTags / 2;
      Http.Response r = http.get(p("/v2/<name>/tags/list?n=" + n));
      assertStatus(200, r);
      assertEquals(n, tagList(r).size());
      assertTrue(r.header("Link").contains("rel=\"next\""), r.header("Link"));
    }

    @Test
    @Order(5)
    @DisplayName("GET start of tag is set by `last` query parameter")
    void lastTag() {
      int n = numTags / 2;
      List<String> first = tagList(http.get(p("/v2/<name>/tags/list?n=" + n)));
      Http.Response r = http.get(p("/v2/<name>/tags/list?n=" + n + "&last=" + first.get(n - 1)));
      assertStatus(200, r);
      List<String> next = tagList(r);
      assertTrue(next.size() <= n);
      assertEquals(tagList.subList(n, 2 * n), next);
    }

    @Test
    @Order(6)
    @DisplayName("GET request to nonexistent blob should result in empty 200 response")
    void referrersNone() {
      Http.Response r = http.get(p("/v2/<name>/referrers/" + DUMMY_DIGEST));
      assertStatus(200, r);
      assertEquals(OCI_INDEX, r.header("Content-Type"));
      assertEquals(0, r.json().path("manifests").size());
    }

    @Test
    @Order(7)
    @DisplayName("GET request to existing blob should yield 200")
    void referrers() {
      Http.Response r = http.get(p("/v2/<name>/referrers/" + digest(manifests.get(4))));
      assertStatus(200, r);
      assertEquals(OCI_INDEX, r.header("Content-Type"));
      JsonNode list = r.json().path("manifests");
      assertEquals(5, list.size());
      assertNotEquals(list.get(0).path("digest"), list.get(1).path("digest"));
      for (JsonNode d : list) {
        assertEquals(1, d.path("annotations").size());
        assertEquals(
            annotationValues.get(d.path("digest").asText()),
            d.path("annotations").path(ANNOTATION_KEY).asText());
      }
    }

    @Test
    @Order(8)
    @DisplayName("GET request to existing blob with filter should yield 200")
    void referrersFiltered() {
      Http.Response r =
          http.get(
              p(
                  "/v2/<name>/referrers/"
                      + digest(manifests.get(4))
                      + "?artifactType="
                      + ARTIFACT_TYPE_A));
      assertStatus(200, r);
      assertEquals(OCI_INDEX, r.header("Content-Type"));
      assertEquals("artifactType", r.header("OCI-Filters-Applied"));
      JsonNode list = r.json().path("manifests");
      assertEquals(2, list.size());
      for (JsonNode d : list) {
        assertEquals(ARTIFACT_TYPE_A, d.path("artifactType").asText());
        assertEquals(
            annotationValues.get(d.path("digest").asText()),
            d.path("annotations").path(ANNOTATION_KEY).asText());
      }
    }

    @Test
    @Order(9)
    @DisplayName("GET request to missing manifest should yield 200")
    void referrersOfMissingSubject() {
      Http.Response r = http.get(p("/v2/<name>/referrers/" + digest(manifests.get(3))));
      assertStatus(200, r);
      assertEquals(OCI_INDEX, r.header("Content-Type"));
      JsonNode list = r.json().path("manifests");
      assertEquals(1, list.size());
      assertEquals(digest(refsManifestCLayer), list.get(0).path("digest").asText());
    }

    @Test
    @Order(10)
    @DisplayName("Teardown: Delete created manifest & associated tags, referrers, blobs")
    void teardown() {
      for (byte[] m :
          List.of(
              refsManifestAConfig,
              refsManifestALayer,
              refsManifestBConfig,
              refsManifestBLayer,
              refsManifestCLayer,
              refsIndex)) {
        assertStatus(202, http.delete(p("/v2/<name>/manifests/" + digest(m))));
      }
      assertEquals(
          0,
          http.get(p("/v2/<name>/referrers/" + digest(manifests.get(4))))
              .json()
              .path("manifests")
              .size());
      for (String t : tagList) {
        assertStatus(202, http.delete(p("/v2/<name>/manifests/" + t)));
      }
      assertStatus(202, http.delete(p("/v2/<name>/manifests/" + digest(manifests.get(2)))));
      assertStatus(202, http.delete(p("/v2/<name>/manifests/" + digest(manifests.get(4)))));
      for (byte[] b :
          List.of(configs.get(2), configs.get(4), LAYER, EMPTY_JSON, REF_BLOB_A, REF_BLOB_B)) {
        assertStatus(202, http.delete(p("/v2/<name>/blobs/" + digest(b))));
      }
    }
  }

  // ================================================================== 04 content management

  @Nested
  @Order(4)
  @DisplayName("Content Management")
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class ContentManagement {
    static final String DEFAULT_TAG = "tagtest0";
    int numTags;

    @Test
    @Order(1)
    @DisplayName("Setup: Populate registry with test config blob, layer and tag; count tags")
    void setup() {
      pushBlob(NAME, configs.get(3));
      pushBlob(NAME, LAYER);
      assert2xx(putManifest(DEFAULT_TAG, manifests.get(3), OCI_MANIFEST));
      Http.Response r = http.get(p("/v2/<name>/tags/list"));
      assertStatus(200, r);
      numTags = tagList(r).size();
      assertEquals(1, numTags);
    }

    @Test
    @Order(2)
    @DisplayName(
        "DELETE request to manifest tag should return 202, unless tag deletion is disallowed (400/405)")
    void deleteTag() {
      assertStatus(202, http.delete(p("/v2/<name>/manifests/" + DEFAULT_TAG)));
      // The manifest itself stays, reachable by digest.
      assertStatus(200, http.get(p("/v2/<name>/manifests/" + digest(manifests.get(3)))));
    }

    @Test
    @Order(3)
    @DisplayName(
        "DELETE request to manifest (digest) should yield 202 response unless already deleted")
    void deleteManifest() {
      assertStatus(202, http.delete(p("/v2/<name>/manifests/" + digest(manifests.get(3)))));
    }

    @Test
    @Order(4)
    @DisplayName(
        "GET request to deleted manifest URL should yield 404 response, unless delete is disallowed")
    void deletedManifest() {
      assertStatus(404, http.get(p("/v2/<name>/manifests/" + digest(manifests.get(3)))));
    }

    @Test
    @Order(5)
    @DisplayName("GET request to tags list should reflect manifest deletion")
    void tagsReflectDeletion() {
      Http.Response r = http.get(p("/v2/<name>/tags/list"));
      assertStatus(200, r);
      assertTrue(tagList(r).size() < numTags);
    }

    @Test
    @Order(6)
    @DisplayName("DELETE request to blob URL should yield 202 response")
    void deleteBlobs() {
      assertStatus(202, http.delete(p("/v2/<name>/blobs/" + digest(configs.get(3)))));
      assertStatus(202, http.delete(p("/v2/<name>/blobs/" + digest(LAYER))));
    }

    @Test
    @Order(7)
    @DisplayName("GET request to deleted blob URL should yield 404 response")
    void deletedBlob() {
      assertStatus(404, http.get(p("/v2/<name>/blobs/" + digest(configs.get(3)))));
    }
  }
}
