package io.airlock.core.distribution;

import java.io.IOException;
import java.io.InputStream;

/** Bytes to send in a request, which can be produced again when the request is retried. */
public interface UploadBody {

  long length();

  /**
   * A fresh stream over exactly {@link #length()} bytes. A failure to read the source must be a
   * {@link SourceException}, so it is not mistaken for a network failure.
   */
  InputStream open() throws IOException;
}
