package io.airlock.core.registry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airlock.core.archive.InlineContent;
import io.airlock.core.digest.Digest;
import io.airlock.core.oci.Json;
import io.airlock.core.oci.MediaTypes;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Answers the distribution spec's requests on one connection. Runs on a blocking executor (disk
 * writes and fsyncs happen here, never on Netty's I/O threads) and reads from the socket only when
 * the previous batch was handled (auto-read off), so an upload faster than the disk cannot pile up
 * in memory.
 *
 * <p>Every request is answered when its last body chunk has arrived: a refused upload still has its
 * body read (and dropped), so the client always gets to read the error. Blob bodies are sent with
 * sendfile on plain HTTP ({@link DefaultFileRegion}: a member of a tar goes straight from the page
 * cache to the socket) and in 64 KiB chunks over TLS.
 */
final class RegistryHandler extends ChannelInboundHandlerAdapter {

  private final ServerContext server;
  private final Responder reply;
  private final UploadRequests uploads;
  private @Nullable Exchange exchange;

  RegistryHandler(ServerContext server, boolean tls) {
    this.server = server;
    this.reply = new Responder(server, tls);
    this.uploads = new UploadRequests(reply);
  }

  // ------------------------------------------------------------------ Netty events

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    ctx.read();
    super.channelActive(ctx);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.read();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof HttpRequest request) {
        begin(ctx, request);
      }
      Exchange ex = exchange;
      if (msg instanceof HttpContent content && ex != null) {
        content(ctx, ex, content);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (exchange != null) {
      exchange.body.abort();
      server
          .metrics()
          .finished(
              exchange.route.kind().label(),
              exchange.method.name(),
              499,
              exchange.bytesIn,
              0,
              null);
      exchange = null;
    }
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  private void begin(ChannelHandlerContext ctx, HttpRequest request) {
    server.metrics().started();
    Exchange ex = new Exchange(request);
    exchange = ex;
    if (request.decoderResult().isFailure()) {
      // The decoder drops the rest of the connection's bytes and sends nothing more: answer now,
      // then close, or the connection would wait for a body that never comes.
      exchange = null;
      ex.close = true;
      reply.sendError(ctx, ex, UnreadableRequests.error(request.decoderResult().cause()));
      return;
    }
    try {
      ex.body = route(ex);
    } catch (RegistryException e) {
      ex.pending = e;
    } catch (IOException | RuntimeException e) {
      ex.pending = internal(e);
    }
  }

  private void content(ChannelHandlerContext ctx, Exchange ex, HttpContent content) {
    ByteBuf buf = content.content();
    ex.bytesIn += buf.readableBytes();
    if (ex.pending == null && buf.isReadable()) {
      try {
        ex.body.chunk(buf);
      } catch (RegistryException e) {
        ex.pending = e;
        ex.body.abort();
      } catch (IOException | RuntimeException e) {
        ex.pending = internal(e);
        ex.body.abort();
      }
    }
    if (content instanceof LastHttpContent) {
      exchange = null;
      if (ex.pending == null) {
        try {
          ex.body.end(ctx);
          return;
        } catch (RegistryException e) {
          ex.pending = e;
        } catch (IOException | RuntimeException e) {
          ex.pending = internal(e);
        }
        ex.body.abort();
      }
      reply.sendError(ctx, ex, ex.pending);
    }
  }

  private RegistryException internal(Exception e) {
    return new RegistryException(
        ErrorCode.UNKNOWN, "the registry failed to answer: " + e.getMessage());
  }

  // ------------------------------------------------------------------ routing

  private RequestBody route(Exchange ex) throws RegistryException, IOException {
    Route route = ex.route;
    if (route.isApi()) {
      authorize(ex);
    }
    if (route.name() != null) {
      Names.checkRepository(route.name());
    }
    Registry registry = server.registry();
    // Only the endpoints under a repository use it, and the route of each has one.
    String repo = route.name() != null ? route.name() : "";
    switch (route.kind()) {
      case HEALTH:
        return ctx -> reply.sendText(ctx, ex, HttpResponseStatus.OK, "text/plain", "ok\n");
      case METRICS:
        return ctx ->
            reply.sendText(
                ctx,
                ex,
                HttpResponseStatus.OK,
                "text/plain; version=0.0.4; charset=utf-8",
                server.metrics().render());
      case BASE:
        requireMethod(ex, HttpMethod.GET, HttpMethod.HEAD);
        return ctx -> reply.sendText(ctx, ex, HttpResponseStatus.OK, "application/json", "{}");
      case CATALOG:
        requireMethod(ex, HttpMethod.GET);
        return ctx -> {
          Page page = registry.catalog(intParam(ex, "n"), ex.param("last"));
          ObjectNode body = Json.MAPPER.createObjectNode();
          ArrayNode list = body.putArray("repositories");
          page.items().forEach(list::add);
          reply.sendJson(ctx, ex, body, nextLink(ex, "/v2/_catalog", page));
        };
      case TAGS:
        requireMethod(ex, HttpMethod.GET);
        return ctx -> {
          Page page = registry.tags(repo, intParam(ex, "n"), ex.param("last"));
          ObjectNode body = Json.MAPPER.createObjectNode();
          body.put("name", repo);
          ArrayNode list = body.putArray("tags");
          page.items().forEach(list::add);
          reply.sendJson(ctx, ex, body, nextLink(ex, "/v2/" + repo + "/tags/list", page));
        };
      case REFERRERS:
        requireMethod(ex, HttpMethod.GET);
        return ctx -> {
          Digest subject = Names.parseDigest(route.requiredReference());
          String artifactType = ex.param("artifactType");
          byte[] index = registry.referrers(repo, subject, artifactType);
          HttpHeaders h = Responder.headers();
          h.set(HttpHeaderNames.CONTENT_TYPE, MediaTypes.OCI_INDEX);
          if (artifactType != null) {
            h.set("OCI-Filters-Applied", "artifactType");
          }
          reply.send(ctx, ex, HttpResponseStatus.OK, h, new InlineContent(index), 0, index.length);
        };
      case BLOB:
        return blob(ex, registry, repo);
      case UPLOAD_START:
        requireMethod(ex, HttpMethod.POST);
        return uploads.startUpload(ex, registry, repo);
      case UPLOAD:
        return uploads.upload(ex, registry, repo, route.requiredReference());
      case MANIFEST:
        return manifest(ex, registry, repo, route.requiredReference());
      default:
        throw new RegistryException(ErrorCode.UNSUPPORTED, 404, "no such endpoint: " + ex.uri);
    }
  }

  private void authorize(Exchange ex) throws RegistryException {
    Htpasswd users = server.options().users();
    if (users == null) {
      return;
    }
    Optional<String> user = users.authenticate(ex.header(HttpHeaderNames.AUTHORIZATION));
    if (user.isEmpty()) {
      throw new RegistryException(
          ErrorCode.UNAUTHORIZED,
          ex.header(HttpHeaderNames.AUTHORIZATION) == null
              ? "log in first: this registry requires a user name and password"
              : "wrong user name or password");
    }
    ex.user = user.get();
    boolean write = !(ex.method.equals(HttpMethod.GET) || ex.method.equals(HttpMethod.HEAD));
    if (write && server.options().pullOnlyUsers().contains(ex.user)) {
      throw new RegistryException(
          ErrorCode.DENIED, "user " + ex.user + " may pull but not push or delete");
    }
  }

  private static void requireMethod(Exchange ex, HttpMethod... allowed) throws RegistryException {
    for (HttpMethod m : allowed) {
      if (m.equals(ex.method)) {
        return;
      }
    }
    throw new RegistryException(
        ErrorCode.UNSUPPORTED, ex.method + " is not supported on " + ex.route.kind().label());
  }

  // ------------------------------------------------------------------ blobs

  private RequestBody blob(Exchange ex, Registry registry, String repo)
      throws RegistryException, IOException {
    requireMethod(ex, HttpMethod.GET, HttpMethod.HEAD, HttpMethod.DELETE);
    Digest digest = Names.parseDigest(ex.route.requiredReference());
    if (ex.method.equals(HttpMethod.DELETE)) {
      return ctx -> {
        registry.deleteBlob(repo, digest);
        reply.sendEmpty(ctx, ex, HttpResponseStatus.ACCEPTED, Responder.headers());
      };
    }
    return ctx -> {
      Registry.Blob blob = registry.blob(repo, digest);
      long size = blob.content().size();
      HttpHeaders h = Responder.headers();
      h.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM);
      h.set("Docker-Content-Digest", digest.toString());
      h.set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
      h.set(HttpHeaderNames.ETAG, "\"" + digest + "\"");
      String range = ex.header(HttpHeaderNames.RANGE);
      if (range != null && !ex.method.equals(HttpMethod.HEAD)) {
        long[] r = ByteRange.parse(range, size);
        if (r == null) {
          h.set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + size);
          throw new RegistryException(
              ErrorCode.BLOB_UNKNOWN,
              416,
              "range " + range + " is outside the blob's " + size + " bytes");
        }
        h.set(
            HttpHeaderNames.CONTENT_RANGE, "bytes " + r[0] + "-" + (r[0] + r[1] - 1) + "/" + size);
        reply.send(ctx, ex, HttpResponseStatus.PARTIAL_CONTENT, h, blob.content(), r[0], r[1]);
        return;
      }
      reply.send(ctx, ex, HttpResponseStatus.OK, h, blob.content(), 0, size);
    };
  }

  // ------------------------------------------------------------------ manifests

  private RequestBody manifest(Exchange ex, Registry registry, String repo, String reference)
      throws RegistryException {
    HttpMethod m = ex.method;
    if (m.equals(HttpMethod.GET) || m.equals(HttpMethod.HEAD)) {
      return ctx -> {
        Registry.ManifestDoc doc = registry.manifest(repo, reference);
        HttpHeaders h = Responder.headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, doc.mediaType());
        h.set("Docker-Content-Digest", doc.digest().toString());
        h.set(HttpHeaderNames.ETAG, "\"" + doc.digest() + "\"");
        reply.send(ctx, ex, HttpResponseStatus.OK, h, doc.content(), 0, doc.content().size());
      };
    }
    if (m.equals(HttpMethod.DELETE)) {
      return ctx -> {
        registry.deleteManifest(repo, reference);
        reply.sendEmpty(ctx, ex, HttpResponseStatus.ACCEPTED, Responder.headers());
      };
    }
    if (m.equals(HttpMethod.PUT)) {
      registry.requireWritable();
      String length = ex.header(HttpHeaderNames.CONTENT_LENGTH);
      if (length != null) {
        try {
          long declared = Long.parseLong(length.trim());
          if (declared > Registry.MAX_MANIFEST_BYTES) {
            throw PushedManifests.tooLarge(declared);
          }
        } catch (NumberFormatException e) {
          throw new RegistryException(ErrorCode.SIZE_INVALID, "invalid Content-Length " + length);
        }
      }
      return new RequestBody() {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void chunk(ByteBuf content) throws RegistryException {
          if (bytes.size() + content.readableBytes() > Registry.MAX_MANIFEST_BYTES) {
            throw PushedManifests.tooLarge(bytes.size() + (long) content.readableBytes());
          }
          byte[] b = new byte[content.readableBytes()];
          content.getBytes(content.readerIndex(), b);
          bytes.writeBytes(b);
        }

        @Override
        public void end(ChannelHandlerContext ctx) throws RegistryException, IOException {
          Registry.Pushed pushed =
              registry.putManifest(
                  repo, reference, ex.header(HttpHeaderNames.CONTENT_TYPE), bytes.toByteArray());
          reply.sendCreated(
              ctx,
              ex,
              "/v2/" + repo + "/manifests/" + pushed.digest(),
              pushed.digest(),
              pushed.subject().orElse(null));
        }
      };
    }
    throw new RegistryException(ErrorCode.UNSUPPORTED, m + " is not supported on a manifest");
  }

  // ------------------------------------------------------------------ request helpers

  private static @Nullable Integer intParam(Exchange ex, String name) throws RegistryException {
    String v = ex.param(name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new RegistryException(
          ErrorCode.UNSUPPORTED, 400, "invalid ?" + name + "=" + Names.abbreviate(v));
    }
  }

  private static @Nullable String nextLink(Exchange ex, String path, Page page) {
    if (!page.more() || page.items().isEmpty()) {
      return null;
    }
    String last = page.items().get(page.items().size() - 1);
    return "<"
        + path
        + "?n="
        + ex.param("n")
        + "&last="
        + URLEncoder.encode(last, StandardCharsets.UTF_8)
        + ">; rel=\"next\"";
  }
}
