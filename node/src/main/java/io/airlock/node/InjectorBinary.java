package io.airlock.node;

import io.airlock.core.digest.Digest;

/**
 * The seed injector for one architecture: a static executable small enough for one ConfigMap's
 * {@code binaryData}.
 *
 * @param architecture {@code amd64} or {@code arm64}
 * @param bytes the executable
 * @param sha256 its SHA-256, checked when it was loaded
 */
public record InjectorBinary(String architecture, byte[] bytes, Digest sha256) {

  public long size() {
    return bytes.length;
  }
}
