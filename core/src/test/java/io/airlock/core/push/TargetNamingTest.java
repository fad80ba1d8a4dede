package io.airlock.core.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.BadInputException;
import io.airlock.core.oci.ImageRef;
import io.airlock.core.oci.TargetNaming;
import org.junit.jupiter.api.Test;

/** The naming rule node mirrors rely on, and the --registry and --only syntax. */
class TargetNamingTest {

  @Test
  void sourceRegistryBecomesThePathUnderThePrefix() {
    TargetNaming naming = new TargetNaming("mirror", false);
    assertEquals("mirror/docker.io/library/nginx", naming.repository("nginx:1.25"));
    assertEquals("mirror/ghcr.io/org/app", naming.repository("ghcr.io/org/app:1.0"));
    assertEquals(
        "127.0.0.1:5000/mirror/docker.io/library/nginx:1.25",
        naming.targetRef("127.0.0.1:5000", ImageRef.parse("docker.io/library/nginx:1.25")));
    assertEquals("mirror/charts/demo", naming.chartRepository("demo"));
    assertEquals("1.2.3_build.4", TargetNaming.chartTag("1.2.3+build.4"));
  }

  @Test
  void flattenDropsTheSourceRegistryAndNoPrefixLeavesThePath() {
    assertEquals(
        "mirror/library/nginx",
        new TargetNaming("mirror", true).repository("docker.io/library/nginx:1.25"));
    assertEquals("docker.io/library/nginx", new TargetNaming("", false).repository("nginx"));
    assertEquals("a/b/quay.io/x/y", new TargetNaming("/a/b/", false).repository("quay.io/x/y:1"));
    assertThrows(IllegalArgumentException.class, () -> new TargetNaming("Mirror", false));
  }

  @Test
  void aRegistryPortBecomesAnUnderscoreInPathsAndMirrorNamespaces() {
    TargetNaming naming = new TargetNaming("site", false);
    assertEquals("site/localhost_5000/team/app", naming.repository("localhost:5000/team/app:1"));
    assertEquals("site/localhost_5000", naming.mirrorNamespace("localhost:5000"));
    assertEquals("site/docker.io", naming.mirrorNamespace("docker.io"));
    assertEquals("site", new TargetNaming("site", true).mirrorNamespace("docker.io"));
    assertEquals("", new TargetNaming("", true).mirrorNamespace("docker.io"));
    assertEquals("a/b", TargetNaming.normalizePrefix(" /a//b/ "));
    assertThrows(IllegalArgumentException.class, () -> TargetNaming.normalizePrefix("a/-b"));
  }

  @Test
  void registryArgumentIsHostPortAndPrefix() throws Exception {
    assertEquals(
        new PushTarget("10.0.0.5:5000", "mirror/x"), PushTarget.parse("10.0.0.5:5000/mirror/x"));
    assertEquals(new PushTarget("registry.local", ""), PushTarget.parse("registry.local"));
    assertEquals(new PushTarget("[::1]:5000", ""), PushTarget.parse("[::1]:5000"));
    BadInputException url =
        assertThrows(BadInputException.class, () -> PushTarget.parse("https://r:5000"));
    assertTrue(url.getMessage().contains("not a URL"));
    assertThrows(BadInputException.class, () -> PushTarget.parse(":5000/x"));
  }

  @Test
  void onlyGlobsMatchWholeNames() {
    Globs globs = new Globs(java.util.List.of("docker.io/library/*", "charts/demo-?pp:*"));
    assertTrue(globs.matches("docker.io/library/nginx:1.25"));
    assertTrue(globs.matches("charts/demo-app:0.1.0"));
    assertFalse(globs.matches("ghcr.io/library/nginx:1.25"));
    assertFalse(globs.matches("x/docker.io/library/nginx:1"), "anchored at the start");
    assertTrue(
        new Globs(java.util.List.of("a.b+c(d)")).matches("a.b+c(d)"),
        "regex characters are literal");
    assertTrue(Planner.SIGNATURE_TAG.matcher("sha256-" + "a".repeat(64) + ".sig").matches());
    assertFalse(Planner.SIGNATURE_TAG.matcher("sha256-abc.sig").matches());
  }
}
