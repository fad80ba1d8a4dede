package io.airlock.core.archive;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

/** A small document held in memory, such as a manifest synthesised for a docker-archive. */
public record InlineContent(byte[] bytes) implements ContentSource {

  public InlineContent {
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public long size() {
    return bytes.length;
  }

  @Override
  public InputStream open() {
    return new ByteArrayInputStream(bytes);
  }
}
