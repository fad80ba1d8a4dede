package io.airlock.core.archive;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where the bytes of one piece of content live: a region of a file (in a directory or inside a tar,
 * read in place) or a small document Airlock made itself.
 */
public sealed interface ContentSource permits FileSlice, InlineContent {

  long size();

  /** A fresh stream over exactly {@link #size()} bytes; the caller closes it. */
  InputStream open() throws IOException;
}
