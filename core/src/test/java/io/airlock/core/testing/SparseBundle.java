package io.airlock.core.testing;

import io.airlock.core.digest.Digest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipEncodingHelper;

/**
 * Writes an oci-archive whose one layer is {@code layerBytes} long but stored as a hole in a sparse
 * file: a 20 GB bundle in seconds and a few KB of disk, for checking that indexing never reads
 * layers into memory. (The layer's content does not match its digest; indexing does not hash.)
 */
public final class SparseBundle {

  private SparseBundle() {}

  public static Path write(Path out, long layerBytes) throws IOException {
    byte[] layerDigestSource = "sparse layer".getBytes(StandardCharsets.UTF_8);
    Digest layer = Digest.sha256(layerDigestSource);
    byte[] config =
        ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[\""
                + layer
                + "\"]}}")
            .getBytes(StandardCharsets.UTF_8);
    Digest configDigest = Digest.sha256(config);
    byte[] manifest =
        ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                + configDigest
                + "\",\"size\":"
                + config.length
                + "},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\""
                + layer
                + "\",\"size\":"
                + layerBytes
                + "}]}")
            .getBytes(StandardCharsets.UTF_8);
    Digest manifestDigest = Digest.sha256(manifest);
    byte[] index =
        ("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"digest\":\""
                + manifestDigest
                + "\",\"size\":"
                + manifest.length
                + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"example.com/big/image:20g\"}}]}")
            .getBytes(StandardCharsets.UTF_8);
    try (FileChannel ch =
        FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      long pos = 0;
      pos =
          member(
              ch,
              pos,
              "oci-layout",
              "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
      pos = member(ch, pos, "index.json", index);
      pos = member(ch, pos, "blobs/sha256/" + manifestDigest.hex(), manifest);
      pos = member(ch, pos, "blobs/sha256/" + configDigest.hex(), config);
      pos = header(ch, pos, "blobs/sha256/" + layer.hex(), layerBytes);
      pos += (layerBytes + 511) / 512 * 512; // the hole
      ch.write(ByteBuffer.allocate(1024), pos);
    }
    return out;
  }

  private static long member(FileChannel ch, long pos, String name, byte[] content)
      throws IOException {
    pos = header(ch, pos, name, content.length);
    ch.write(ByteBuffer.wrap(content), pos);
    return pos + (content.length + 511) / 512 * 512;
  }

  private static long header(FileChannel ch, long pos, String name, long size) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(size);
    entry.setMode(0100644);
    byte[] header = new byte[512];
    // Star mode writes sizes past 8 GiB in binary, which tar readers accept.
    entry.writeEntryHeader(header, ZipEncodingHelper.getZipEncoding("UTF-8"), true);
    ch.write(ByteBuffer.wrap(header), pos);
    return pos + 512;
  }
}
