package io.airlock.core.distribution;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

/** A small document in memory, such as a manifest. */
record BytesBody(byte[] bytes) implements UploadBody {
  @Override
  public long length() {
    return bytes.length;
  }

  @Override
  public InputStream open() {
    return new ByteArrayInputStream(bytes);
  }
}
