package io.airlock.installer.mirrors;

import java.nio.charset.StandardCharsets;

/**
 * One file for a node.
 *
 * @param nodePath absolute path on the node, e.g. {@code
 *     /etc/containerd/certs.d/docker.io/hosts.toml}
 */
public record MirrorFile(String nodePath, byte[] content) {

  public MirrorFile {
    if (!nodePath.startsWith("/") || nodePath.contains("..")) {
      throw new IllegalArgumentException("not an absolute node path: " + nodePath);
    }
    content = content.clone();
  }

  public static MirrorFile text(String nodePath, String text) {
    return new MirrorFile(nodePath, text.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public byte[] content() {
    return content.clone();
  }

  public String text() {
    return new String(content, StandardCharsets.UTF_8);
  }
}
