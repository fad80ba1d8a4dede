package io.airlock.core.archive;

import io.airlock.core.BadInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Commons Compress's streaming tar reader, with every header checked by {@link TarHeaderCheck}
 * before the reader acts on it; a refusal is thrown as an {@link InputRefusal}.
 */
public final class BoundedTarInputStream extends TarArchiveInputStream {

  private final TarHeaderCheck check;
  private @Nullable ByteArrayOutputStream pax;

  /**
   * @param archive how to name the archive in messages
   */
  public BoundedTarInputStream(InputStream in, String archive) {
    this(in, 10240, archive);
  }

  public BoundedTarInputStream(InputStream in, int blockSize, String archive) {
    super(in, blockSize, 512);
    this.check = new TarHeaderCheck(archive);
  }

  @Override
  protected byte[] readRecord() throws IOException {
    byte[] record = super.readRecord();
    try {
      if (pax != null) {
        check.checkPax(pax.toByteArray(), pax.size());
        pax = null;
      }
      if (check.check(record) >= 0 && TarHeaderCheck.isPax(record[156])) {
        pax = new ByteArrayOutputStream();
      }
    } catch (BadInputException e) {
      throw new InputRefusal(e);
    }
    return record;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (pax != null && n > 0) {
      // The reader is parsing a PAX header (bounded by the check): keep it to look at.
      pax.write(buffer, offset, n);
    }
    return n;
  }
}
