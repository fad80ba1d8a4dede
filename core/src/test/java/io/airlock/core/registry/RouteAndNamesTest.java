package io.airlock.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Routes and name grammars are matched by hand for speed; these tests hold them to the regular
 * expressions of the distribution spec, on chosen paths and on many random ones.
 */
class RouteAndNamesTest {

  /** The spec's patterns, in the order a router must try them. */
  private static final List<Object[]> SPEC_ROUTES =
      List.of(
          new Object[] {Route.Kind.BASE, Pattern.compile("/v2/?")},
          new Object[] {Route.Kind.CATALOG, Pattern.compile("/v2/_catalog")},
          new Object[] {Route.Kind.UPLOAD_START, Pattern.compile("/v2/(.+)/blobs/uploads/?")},
          new Object[] {Route.Kind.UPLOAD, Pattern.compile("/v2/(.+)/blobs/uploads/([^/]+)")},
          new Object[] {Route.Kind.BLOB, Pattern.compile("/v2/(.+)/blobs/([^/]+)")},
          new Object[] {Route.Kind.MANIFEST, Pattern.compile("/v2/(.+)/manifests/([^/]+)")},
          new Object[] {Route.Kind.TAGS, Pattern.compile("/v2/(.+)/tags/list")},
          new Object[] {Route.Kind.REFERRERS, Pattern.compile("/v2/(.+)/referrers/([^/]+)")},
          new Object[] {Route.Kind.HEALTH, Pattern.compile("/healthz")},
          new Object[] {Route.Kind.METRICS, Pattern.compile("/metrics")});

  private static final Pattern COMPONENT =
      Pattern.compile("[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

  private static Route bySpec(String path) {
    for (Object[] rule : SPEC_ROUTES) {
      Matcher m = ((Pattern) rule[1]).matcher(path);
      if (m.matches()) {
        return new Route(
            (Route.Kind) rule[0],
            m.groupCount() >= 1 ? m.group(1) : null,
            m.groupCount() >= 2 ? m.group(2) : null);
      }
    }
    return new Route(Route.Kind.UNKNOWN, null, null);
  }

  @Test
  void routesChosenPaths() {
    assertEquals(new Route(Route.Kind.BASE, null, null), Route.of("/v2/"));
    assertEquals(new Route(Route.Kind.BASE, null, null), Route.of("/v2"));
    assertEquals(
        new Route(Route.Kind.UPLOAD_START, "a/b", null), Route.of("/v2/a/b/blobs/uploads/"));
    assertEquals(new Route(Route.Kind.UPLOAD, "a", "1234"), Route.of("/v2/a/blobs/uploads/1234"));
    assertEquals(
        new Route(Route.Kind.BLOB, "docker.io/library/nginx", "sha256:ab"),
        Route.of("/v2/docker.io/library/nginx/blobs/sha256:ab"));
    // A repository may itself have components named like endpoints; the name is the longest one.
    assertEquals(
        new Route(Route.Kind.MANIFEST, "x/manifests/blobs", "v1"),
        Route.of("/v2/x/manifests/blobs/manifests/v1"));
    assertEquals(
        new Route(Route.Kind.UPLOAD_START, "x/blobs/uploads", null),
        Route.of("/v2/x/blobs/uploads/blobs/uploads"));
    assertEquals(new Route(Route.Kind.TAGS, "a", null), Route.of("/v2/a/tags/list"));
    assertEquals(
        new Route(Route.Kind.REFERRERS, "a", "sha256:00"), Route.of("/v2/a/referrers/sha256:00"));
    assertEquals(Route.Kind.UNKNOWN, Route.of("/v2//blobs/uploads/").kind());
    assertEquals(Route.Kind.UNKNOWN, Route.of("/v2/a/blobs/").kind());
    assertEquals(Route.Kind.UNKNOWN, Route.of("/v3/a/blobs/x").kind());
    assertEquals(Route.Kind.HEALTH, Route.of("/healthz").kind());
  }

  @Test
  void routesRandomPathsAsTheSpecPatternsDo() {
    String[] parts = {
      "/",
      "v2",
      "a",
      "b.c",
      "blobs",
      "uploads",
      "manifests",
      "tags",
      "list",
      "referrers",
      "sha256:0f",
      "_catalog",
      "",
      "x-y"
    };
    Random random = new Random(7);
    for (int i = 0; i < 200_000; i++) {
      StringBuilder path = new StringBuilder(random.nextInt(4) == 0 ? "" : "/v2/");
      int n = random.nextInt(8);
      for (int j = 0; j < n; j++) {
        path.append(parts[random.nextInt(parts.length)]);
        if (random.nextBoolean()) {
          path.append('/');
        }
      }
      String p = path.toString();
      assertEquals(bySpec(p), Route.of(p), p);
    }
  }

  @Test
  void nameComponentsAndTagsFollowTheSpecGrammar() {
    assertTrue(Names.isValidRepository("docker.io/library/nginx"));
    assertTrue(Names.isValidRepository("a__b/c---d/e.f_g"));
    assertFalse(Names.isValidRepository("a___b"));
    assertFalse(Names.isValidRepository("a..b"));
    assertFalse(Names.isValidRepository("../etc"));
    assertFalse(Names.isValidRepository("a//b"));
    assertFalse(Names.isValidRepository("A"));
    assertTrue(Names.isValidTag("v1.2_3-rc"));
    assertFalse(Names.isValidTag(".hidden"));
    assertFalse(Names.isValidTag("x".repeat(129)));
    assertTrue(Names.isValidTag("x".repeat(128)));

    char[] alphabet = "ab09.-_A/:".toCharArray();
    Random random = new Random(11);
    for (int i = 0; i < 300_000; i++) {
      char[] text = new char[random.nextInt(7)];
      for (int j = 0; j < text.length; j++) {
        text[j] = alphabet[random.nextInt(alphabet.length)];
      }
      String s = new String(text);
      assertEquals(COMPONENT.matcher(s).matches(), Names.isValidComponent(s), s);
      assertEquals(TAG.matcher(s).matches(), Names.isValidTag(s), s);
    }
  }
}
