package io.airlock.core.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class MemberPathsTest {

  @Test
  void normalisesHarmlessNames() {
    assertEquals(Optional.of("a/b/c"), MemberPaths.normalize("./a//b/./c/"));
    assertEquals(Optional.of("a/c"), MemberPaths.normalize("a/b/../c"));
    assertEquals(Optional.of(""), MemberPaths.normalize("./"));
  }

  @Test
  void refusesNamesThatEscapeTheRoot() {
    assertEquals(Optional.empty(), MemberPaths.normalize("../etc/passwd"));
    assertEquals(Optional.empty(), MemberPaths.normalize("a/../../b"));
    assertEquals(Optional.empty(), MemberPaths.normalize("/etc/passwd"));
    assertEquals(Optional.empty(), MemberPaths.normalize("C:\\Windows"));
    assertEquals(Optional.empty(), MemberPaths.normalize("a\0b"));
  }

  @Test
  void resolvesLinksRelativeToTheirDirectory() {
    assertEquals(
        Optional.of("blobs/sha256/x"),
        MemberPaths.resolveLink("id/layer.tar", "../blobs/sha256/x"));
    assertEquals(Optional.empty(), MemberPaths.resolveLink("id/layer.tar", "../../outside"));
    assertEquals(Optional.empty(), MemberPaths.resolveLink("a", "/etc/shadow"));
  }
}
