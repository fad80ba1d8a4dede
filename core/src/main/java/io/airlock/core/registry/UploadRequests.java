package io.airlock.core.registry;

import io.airlock.core.digest.Digest;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * The spec's upload endpoints: start (with cross-repository mount and monolithic push), status,
 * cancel, and the chunks of a session, streamed to disk as they arrive.
 */
final class UploadRequests {

  private final Responder reply;

  UploadRequests(Responder reply) {
    this.reply = reply;
  }

  RequestBody startUpload(Exchange ex, Registry registry, String repo)
      throws RegistryException, IOException {
    String mount = ex.param("mount");
    if (mount != null) {
      Digest digest = Names.parseDigest(mount);
      if (registry.mount(repo, digest, ex.param("from"))) {
        return ctx -> reply.sendCreated(ctx, ex, "/v2/" + repo + "/blobs/" + digest, digest, null);
      }
    }
    String digestParam = ex.param("digest");
    if (digestParam != null && mount == null) {
      Digest digest = Names.parseDigest(digestParam);
      String id = registry.startUpload(repo);
      UploadBody body = new UploadBody(ex, registry, repo, id, -1, digest);
      body.monolithic = true;
      return body;
    }
    return ctx -> {
      String id = registry.startUpload(repo);
      reply.sendUploadStatus(ctx, ex, HttpResponseStatus.ACCEPTED, repo, id, 0);
    };
  }

  RequestBody upload(Exchange ex, Registry registry, String repo, String id)
      throws RegistryException, IOException {
    HttpMethod m = ex.method;
    if (m.equals(HttpMethod.GET)) {
      return ctx ->
          reply.sendUploadStatus(
              ctx, ex, HttpResponseStatus.NO_CONTENT, repo, id, registry.uploadSize(repo, id));
    }
    if (m.equals(HttpMethod.DELETE)) {
      return ctx -> {
        registry.cancelUpload(repo, id);
        reply.sendEmpty(ctx, ex, HttpResponseStatus.NO_CONTENT, Responder.headers());
      };
    }
    if (m.equals(HttpMethod.PATCH)) {
      return new UploadBody(ex, registry, repo, id, contentRangeStart(ex), null);
    }
    if (m.equals(HttpMethod.PUT)) {
      String d = ex.param("digest");
      if (d == null) {
        throw new RegistryException(
            ErrorCode.DIGEST_INVALID, "completing an upload needs ?digest= with the blob's digest");
      }
      return new UploadBody(ex, registry, repo, id, contentRangeStart(ex), Names.parseDigest(d));
    }
    throw new RegistryException(ErrorCode.UNSUPPORTED, m + " is not supported on an upload");
  }

  /** Where a chunk goes by its Content-Range ({@code START-END}), or -1 when it has none. */
  private static long contentRangeStart(Exchange ex) throws RegistryException {
    String range = ex.header(HttpHeaderNames.CONTENT_RANGE);
    if (range == null || range.isBlank()) {
      return -1;
    }
    String r = range.trim();
    if (r.startsWith("bytes")) {
      r = r.substring(5).trim().replaceFirst("^=", "");
    }
    int dash = r.indexOf('-');
    try {
      long start = Long.parseLong(r.substring(0, dash < 0 ? r.length() : dash).trim());
      if (dash >= 0) {
        long end = Long.parseLong(r.substring(dash + 1).split("/")[0].trim());
        String length = ex.header(HttpHeaderNames.CONTENT_LENGTH);
        if (end < start - 1
            || (length != null && Long.parseLong(length.trim()) != end - start + 1)) {
          throw badRange(range);
        }
      }
      return start;
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      throw badRange(range);
    }
  }

  private static RegistryException badRange(String range) {
    return new RegistryException(
        ErrorCode.BLOB_UPLOAD_INVALID, 416, "invalid Content-Range '" + range + "'");
  }

  /** A PATCH, a final PUT, or a monolithic POST: bytes into the session, then an answer. */
  private final class UploadBody implements RequestBody {
    private final Exchange ex;
    private final Registry registry;
    private final String repo;
    private final String id;
    private final long rangeStart;
    private final @Nullable Digest digest;
    private Uploads.@Nullable Writer writer;
    boolean monolithic;

    UploadBody(
        Exchange ex,
        Registry registry,
        String repo,
        String id,
        long rangeStart,
        @Nullable Digest digest)
        throws RegistryException, IOException {
      this.ex = ex;
      this.registry = registry;
      this.repo = repo;
      this.id = id;
      this.rangeStart = rangeStart;
      this.digest = digest;
      // Fails now, before any byte is read, for an unknown session or a chunk out of order.
      if (rangeStart >= 0 || digest == null) {
        long size = registry.uploadSize(repo, id);
        if (rangeStart >= 0 && rangeStart != size) {
          throw new RegistryException(
              ErrorCode.BLOB_UPLOAD_INVALID,
              416,
              "chunk starts at byte " + rangeStart + " but the upload has " + size + " bytes");
        }
      }
    }

    @Override
    public void chunk(ByteBuf content) throws RegistryException, IOException {
      if (writer == null) {
        writer = registry.appendUpload(repo, id, rangeStart);
      }
      writer.write(content.nioBuffers());
    }

    @Override
    public void end(ChannelHandlerContext ctx) throws RegistryException, IOException {
      long size = writer != null ? writer.finish() : -1;
      writer = null;
      if (digest == null) {
        if (size < 0) {
          size = registry.uploadSize(repo, id);
        }
        reply.sendUploadStatus(ctx, ex, HttpResponseStatus.ACCEPTED, repo, id, size);
        return;
      }
      registry.completeUpload(repo, id, digest);
      reply.sendCreated(ctx, ex, "/v2/" + repo + "/blobs/" + digest, digest, null);
    }

    @Override
    public void abort() {
      if (writer != null) {
        try {
          writer.close();
        } catch (IOException e) {
          // the session keeps what reached the disk
        }
        writer = null;
      }
      if (monolithic) {
        try {
          registry.cancelUpload(repo, id); // a one-request upload has no client to resume it
        } catch (RegistryException | IOException e) {
          // gone already, or left for 'airlock registry gc'
        }
      }
    }
  }
}
