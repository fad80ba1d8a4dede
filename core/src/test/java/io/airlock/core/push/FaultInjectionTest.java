package io.airlock.core.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.RemoteFailureException;
import io.airlock.core.Setting;
import io.airlock.core.bundle.Bundle;
import io.airlock.core.bundle.BundleImage;
import io.airlock.core.distribution.RetryPolicy;
import io.airlock.core.sample.SampleBundle;
import io.airlock.core.testing.DockerRegistry;
import io.airlock.core.testing.FaultProxy;
import io.airlock.core.testing.FreePort;
import io.airlock.core.testing.Skopeo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushes through a proxy that breaks things on purpose: the push must finish with every digest
 * intact, or fail with one message naming the image and what to do.
 */
class FaultInjectionTest {

  static final long CHUNK = 64 * 1024;

  @TempDir static Path dir;
  @AutoClose static DockerRegistry registry;
  @AutoClose static FaultProxy proxy;
  static Bundle bundle;

  @BeforeAll
  static void start() {
    registry = DockerRegistry.start();
    proxy = FaultProxy.start(registry.port());
    // Layers of 150 kB: three chunks of 64 KiB each.
    bundle =
        PushFixtures.sample(
            dir.resolve("bundle"),
            new SampleBundle.Options(2, 150_000, SampleBundle.Layout.OCI_LAYOUT, 5));
  }

  @AfterEach
  void reset() {
    proxy.clearRules();
    proxy.clearRequests();
  }

  private PushReport push(String prefix, PushFixtures.Events events, PushOptions options)
      throws Exception {
    return PushFixtures.push(bundle, options, dir.resolve("work"), events);
  }

  private PushOptions options(String prefix) {
    return PushFixtures.options(proxy.host(), prefix, dir.resolve("state-" + prefix)).toBuilder()
        .chunkSize(CHUNK)
        .build();
  }

  private void assertAllPushed(String prefix) {
    for (BundleImage image : bundle.images()) {
      assertEquals(
          image.digest(),
          Skopeo.pushedDigest(registry.host(), prefix, image.ref(), "--tls-verify=false"),
          image.ref());
    }
  }

  @Test
  void serverErrorsAreRetried() throws Exception {
    proxy.add(FaultProxy.respond("PATCH", "/blobs/uploads/", 2, 500, Map.of()));
    proxy.add(FaultProxy.respond("PUT", "/manifests/", 1, 503, Map.of()));
    PushFixtures.Events events = new PushFixtures.Events();
    push("e500", events, options("e500"));
    assertAllPushed("e500");
    assertTrue(
        events.of(PushEvent.Retry.class).size() >= 3, events.of(PushEvent.Retry.class).toString());
  }

  @Test
  void tooManyRequestsHonoursRetryAfter() throws Exception {
    proxy.add(FaultProxy.respond("POST", "/blobs/uploads/", 1, 429, Map.of("Retry-After", "1")));
    PushFixtures.Events events = new PushFixtures.Events();
    long started = System.nanoTime();
    push("e429", events, options("e429"));
    assertTrue(System.nanoTime() - started >= 1_000_000_000L, "waited as asked");
    List<PushEvent.Retry> retries = events.of(PushEvent.Retry.class);
    assertEquals(1, retries.size(), retries.toString());
    assertEquals(1000, retries.get(0).delayMillis());
    assertAllPushed("e429");
  }

  @Test
  void aConnectionDroppedMidBlobIsRecovered() throws Exception {
    proxy.add(FaultProxy.dropAfter("PATCH", "/blobs/uploads/", 1, 20_000));
    proxy.add(FaultProxy.dropAfter("PUT", "/blobs/uploads/.*digest=", 1, 5_000));
    push("drop", new PushFixtures.Events(), options("drop"));
    assertAllPushed("drop");
  }

  @Test
  void aBrokenChunkContinuesAtTheOffsetTheRegistryReports() throws Exception {
    // The second chunk of the first large upload is cut before any of its bytes arrive.
    proxy.add(
        FaultProxy.dropAfter("PATCH", "/blobs/uploads/", 1, 0)
            .whenHeader("Content-Range", "^" + CHUNK + "-"));
    push("chunk", new PushFixtures.Events(), options("chunk").toBuilder().concurrency(1).build());
    assertAllPushed("chunk");
    List<FaultProxy.Request> requests = proxy.requests();
    int cut = -1;
    for (int i = 0; i < requests.size(); i++) {
      FaultProxy.Request r = requests.get(i);
      if (r.method().equals("PATCH")
          && String.valueOf(r.header("Content-Range")).startsWith(CHUNK + "-")) {
        cut = i;
        break;
      }
    }
    assertTrue(cut >= 0, "the cut PATCH was recorded");
    String uploadId = uploadId(requests.get(cut).target());
    List<FaultProxy.Request> after =
        requests.subList(cut + 1, requests.size()).stream()
            .filter(r -> r.target().contains(uploadId))
            .toList();
    assertEquals(
        "GET",
        after.get(0).method(),
        "asks the registry where the upload stands: "
            + requests.subList(cut, Math.min(requests.size(), cut + 6)));
    assertEquals("PATCH", after.get(1).method());
    assertTrue(
        after.get(1).header("Content-Range").startsWith(CHUNK + "-"),
        "continues at " + CHUNK + ", not at 0");
  }

  @Test
  void aStalledRequestCountsAsBrokenAndIsRetried() throws Exception {
    proxy.add(FaultProxy.stall("PATCH", "/blobs/uploads/", 1));
    PushFixtures.Events events = new PushFixtures.Events();
    push("stall", events, options("stall"));
    assertAllPushed("stall");
    assertTrue(
        events.of(PushEvent.Retry.class).stream()
            .anyMatch(r -> r.reason().contains("stopped responding")),
        events.of(PushEvent.Retry.class).toString());
  }

  @Test
  void aRegistryThatKeepsFailingGivesOneClearMessage() {
    proxy.add(FaultProxy.respond("PUT", "/manifests/", 100, 500, Map.of()));
    PushOptions options =
        options("fail").toBuilder()
            .retry(
                new RetryPolicy(
                    1, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(2)))
            .build();
    RemoteFailureException e =
        assertThrows(
            RemoteFailureException.class, () -> push("fail", new PushFixtures.Events(), options));
    assertTrue(
        e.getMessage().startsWith("The registry " + proxy.host() + " refused while pushing "),
        e.getMessage());
    assertTrue(e.getMessage().contains("HTTP 500 UNAVAILABLE"), e.getMessage());
    assertTrue(e.hint().orElseThrow().contains("overloaded"), e.hint().toString());
  }

  @Test
  void aRejectedManifestNamesTheRegistryErrorCode() {
    proxy.add(
        FaultProxy.respond("PUT", "/manifests/", 1, 400, Map.of())
            .withBody(
                "{\"errors\":[{\"code\":\"MANIFEST_INVALID\",\"message\":\"manifest invalid\"}]}"));
    RemoteFailureException e =
        assertThrows(
            RemoteFailureException.class,
            () -> push("reject", new PushFixtures.Events(), options("reject")));
    assertTrue(e.getMessage().contains("MANIFEST_INVALID"), e.getMessage());
    assertTrue(e.getMessage().contains("push manifest"), e.getMessage());
  }

  @Test
  void aRegistryReportingAnotherDigestIsCaught() {
    proxy.add(
        FaultProxy.respond(
            "PUT",
            "/manifests/",
            1,
            201,
            Map.of("Docker-Content-Digest", "sha256:" + "0".repeat(64))));
    RemoteFailureException e =
        assertThrows(
            RemoteFailureException.class,
            () -> push("lie", new PushFixtures.Events(), options("lie")));
    assertTrue(e.getMessage().contains("stored it as sha256:000"), e.getMessage());
  }

  @Test
  void connectionRefusedSaysWhatToCheck() {
    String nobody = "127.0.0.1:" + FreePort.find();
    RemoteFailureException e =
        PushFixtures.pushRefused(
            bundle, PushFixtures.options(nobody, "x", dir.resolve("state-x")), dir.resolve("work"));
    assertEquals("Cannot reach the registry " + nobody + ": connection refused.", e.getMessage());
    // The push already spoke plain HTTP: the hint must not suggest it.
    assertTrue(e.hint().orElseThrow().startsWith("Is the registry running"), e.hint().toString());
    assertFalse(e.settings().contains(Setting.PLAIN_HTTP), e.hint().toString());
  }

  private static String uploadId(String target) {
    String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
