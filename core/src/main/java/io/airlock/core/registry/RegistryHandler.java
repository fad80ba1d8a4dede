package io.airlock.core.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airlock.core.archive.ContentSource;
import io.airlock.core.archive.FileSlice;
import io.airlock.core.archive.InlineContent;
import io.airlock.core.digest.Digest;
import io.airlock.core.oci.Json;
import io.airlock.core.oci.MediaTypes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.stream.ChunkedNioFile;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

  private static final String API_VERSION = "Docker-Distribution-API-Version";
  private static final int FILE_CHUNK = 1 << 16;

  private final ServerContext server;
  private final boolean tls;
  private Exchange exchange;

  RegistryHandler(ServerContext server, boolean tls) {
    this.server = server;
    this.tls = tls;
  }

  /** What is known about the request being answered. */
  private final class Exchange {
    final HttpRequest request;
    final HttpMethod method;
    final String uri;
    final Route route;
    final Map<String, List<String>> query;
    final long startNanos = System.nanoTime();
    final Instant start = Instant.now();
    final boolean keepAlive;

    /** True when the connection must close after the answer, whatever the client asked. */
    boolean close;

    String user = "-";
    Body body = Body.NONE;
    RegistryException pending;
    long bytesIn;

    Exchange(HttpRequest request) {
      this.request = request;
      this.method = request.method();
      this.uri = request.uri();
      QueryStringDecoder decoder = new QueryStringDecoder(request.uri());
      this.route = Route.of(decoder.path());
      this.query = decoder.parameters();
      this.keepAlive = HttpUtil.isKeepAlive(request);
    }

    String param(String name) {
      List<String> values = query.get(name);
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    String header(CharSequence name) {
      return request.headers().get(name);
    }
  }

  /** What to do with a request's body, and how to answer once it has all arrived. */
  private interface Body {
    Body NONE = ctx -> {};

    default void chunk(ByteBuf content) throws RegistryException, IOException {
      // dropped
    }

    void end(ChannelHandlerContext ctx) throws RegistryException, IOException;

    default void abort() {}
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
      if (msg instanceof HttpContent content && exchange != null) {
        content(ctx, content);
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
      sendError(ctx, ex, UnreadableRequests.error(request.decoderResult().cause()));
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

  private void content(ChannelHandlerContext ctx, HttpContent content) {
    Exchange ex = exchange;
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
      sendError(ctx, ex, ex.pending);
    }
  }

  private RegistryException internal(Exception e) {
    return new RegistryException(
        ErrorCode.UNKNOWN, "the registry failed to answer: " + e.getMessage());
  }

  // ------------------------------------------------------------------ routing

  private Body route(Exchange ex) throws RegistryException, IOException {
    Route route = ex.route;
    HttpMethod m = ex.method;
    if (route.isApi()) {
      authorize(ex);
    }
    if (route.name() != null) {
      Names.checkRepository(route.name());
    }
    Registry registry = server.registry();
    String repo = route.name();
    switch (route.kind()) {
      case HEALTH:
        return ctx -> sendText(ctx, ex, HttpResponseStatus.OK, "text/plain", "ok\n");
      case METRICS:
        return ctx ->
            sendText(
                ctx,
                ex,
                HttpResponseStatus.OK,
                "text/plain; version=0.0.4; charset=utf-8",
                server.metrics().render());
      case BASE:
        requireMethod(ex, HttpMethod.GET, HttpMethod.HEAD);
        return ctx -> sendText(ctx, ex, HttpResponseStatus.OK, "application/json", "{}");
      case CATALOG:
        requireMethod(ex, HttpMethod.GET);
        return ctx -> {
          Registry.Page page = registry.catalog(intParam(ex, "n"), ex.param("last"));
          ObjectNode body = Json.MAPPER.createObjectNode();
          ArrayNode list = body.putArray("repositories");
          page.items().forEach(list::add);
          sendJson(ctx, ex, body, nextLink(ex, "/v2/_catalog", page));
        };
      case TAGS:
        requireMethod(ex, HttpMethod.GET);
        return ctx -> {
          Registry.Page page = registry.tags(repo, intParam(ex, "n"), ex.param("last"));
          ObjectNode body = Json.MAPPER.createObjectNode();
          body.put("name", repo);
          ArrayNode list = body.putArray("tags");
          page.items().forEach(list::add);
          sendJson(ctx, ex, body, nextLink(ex, "/v2/" + repo + "/tags/list", page));
        };
      case REFERRERS:
        requireMethod(ex, HttpMethod.GET);
        return ctx -> {
          Digest subject = Names.parseDigest(route.reference());
          String artifactType = ex.param("artifactType");
          byte[] index = registry.referrers(repo, subject, artifactType);
          HttpHeaders h = headers();
          h.set(HttpHeaderNames.CONTENT_TYPE, MediaTypes.OCI_INDEX);
          if (artifactType != null) {
            h.set("OCI-Filters-Applied", "artifactType");
          }
          send(ctx, ex, HttpResponseStatus.OK, h, new InlineContent(index), 0, index.length);
        };
      case BLOB:
        return blob(ex, registry, repo);
      case UPLOAD_START:
        requireMethod(ex, HttpMethod.POST);
        return startUpload(ex, registry, repo);
      case UPLOAD:
        return upload(ex, registry, repo, route.reference());
      case MANIFEST:
        return manifest(ex, registry, repo, route.reference());
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

  private Body blob(Exchange ex, Registry registry, String repo)
      throws RegistryException, IOException {
    requireMethod(ex, HttpMethod.GET, HttpMethod.HEAD, HttpMethod.DELETE);
    Digest digest = Names.parseDigest(ex.route.reference());
    if (ex.method.equals(HttpMethod.DELETE)) {
      return ctx -> {
        registry.deleteBlob(repo, digest);
        sendEmpty(ctx, ex, HttpResponseStatus.ACCEPTED, headers());
      };
    }
    return ctx -> {
      Registry.Blob blob = registry.blob(repo, digest);
      long size = blob.content().size();
      HttpHeaders h = headers();
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
        send(ctx, ex, HttpResponseStatus.PARTIAL_CONTENT, h, blob.content(), r[0], r[1]);
        return;
      }
      send(ctx, ex, HttpResponseStatus.OK, h, blob.content(), 0, size);
    };
  }

  // ------------------------------------------------------------------ uploads

  private Body startUpload(Exchange ex, Registry registry, String repo)
      throws RegistryException, IOException {
    String mount = ex.param("mount");
    if (mount != null) {
      Digest digest = Names.parseDigest(mount);
      if (registry.mount(repo, digest, ex.param("from"))) {
        return ctx -> sendCreated(ctx, ex, "/v2/" + repo + "/blobs/" + digest, digest, null);
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
      sendUploadStatus(ctx, ex, HttpResponseStatus.ACCEPTED, repo, id, 0);
    };
  }

  private Body upload(Exchange ex, Registry registry, String repo, String id)
      throws RegistryException, IOException {
    HttpMethod m = ex.method;
    if (m.equals(HttpMethod.GET)) {
      return ctx ->
          sendUploadStatus(
              ctx, ex, HttpResponseStatus.NO_CONTENT, repo, id, registry.uploadSize(repo, id));
    }
    if (m.equals(HttpMethod.DELETE)) {
      return ctx -> {
        registry.cancelUpload(repo, id);
        sendEmpty(ctx, ex, HttpResponseStatus.NO_CONTENT, headers());
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
  private final class UploadBody implements Body {
    private final Exchange ex;
    private final Registry registry;
    private final String repo;
    private final String id;
    private final long rangeStart;
    private final Digest digest;
    private Uploads.Writer writer;
    boolean monolithic;

    UploadBody(
        Exchange ex, Registry registry, String repo, String id, long rangeStart, Digest digest)
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
        sendUploadStatus(ctx, ex, HttpResponseStatus.ACCEPTED, repo, id, size);
        return;
      }
      registry.completeUpload(repo, id, digest);
      sendCreated(ctx, ex, "/v2/" + repo + "/blobs/" + digest, digest, null);
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

  // ------------------------------------------------------------------ manifests

  private Body manifest(Exchange ex, Registry registry, String repo, String reference)
      throws RegistryException {
    HttpMethod m = ex.method;
    if (m.equals(HttpMethod.GET) || m.equals(HttpMethod.HEAD)) {
      return ctx -> {
        Registry.ManifestDoc doc = registry.manifest(repo, reference);
        HttpHeaders h = headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, doc.mediaType());
        h.set("Docker-Content-Digest", doc.digest().toString());
        h.set(HttpHeaderNames.ETAG, "\"" + doc.digest() + "\"");
        send(ctx, ex, HttpResponseStatus.OK, h, doc.content(), 0, doc.content().size());
      };
    }
    if (m.equals(HttpMethod.DELETE)) {
      return ctx -> {
        registry.deleteManifest(repo, reference);
        sendEmpty(ctx, ex, HttpResponseStatus.ACCEPTED, headers());
      };
    }
    if (m.equals(HttpMethod.PUT)) {
      registry.requireWritable();
      String length = ex.header(HttpHeaderNames.CONTENT_LENGTH);
      if (length != null) {
        try {
          long declared = Long.parseLong(length.trim());
          if (declared > Registry.MAX_MANIFEST_BYTES) {
            throw Registry.tooLarge(declared);
          }
        } catch (NumberFormatException e) {
          throw new RegistryException(ErrorCode.SIZE_INVALID, "invalid Content-Length " + length);
        }
      }
      return new Body() {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void chunk(ByteBuf content) throws RegistryException {
          if (bytes.size() + content.readableBytes() > Registry.MAX_MANIFEST_BYTES) {
            throw Registry.tooLarge(bytes.size() + (long) content.readableBytes());
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
          sendCreated(
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

  // ------------------------------------------------------------------ responses

  private static HttpHeaders headers() {
    HttpHeaders h = new io.netty.handler.codec.http.DefaultHttpHeaders();
    h.set(API_VERSION, "registry/2.0");
    return h;
  }

  private static Integer intParam(Exchange ex, String name) throws RegistryException {
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

  private static String nextLink(Exchange ex, String path, Registry.Page page) {
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

  private void sendJson(ChannelHandlerContext ctx, Exchange ex, ObjectNode body, String link) {
    byte[] bytes;
    try {
      bytes = Json.MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    HttpHeaders h = headers();
    h.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    if (link != null) {
      h.set("Link", link);
    }
    sendFull(ctx, ex, HttpResponseStatus.OK, h, bytes, null);
  }

  private void sendText(
      ChannelHandlerContext ctx, Exchange ex, HttpResponseStatus status, String type, String text) {
    HttpHeaders h = headers();
    h.set(HttpHeaderNames.CONTENT_TYPE, type);
    sendFull(ctx, ex, status, h, text.getBytes(StandardCharsets.UTF_8), null);
  }

  private void sendCreated(
      ChannelHandlerContext ctx, Exchange ex, String location, Digest digest, Digest subject) {
    HttpHeaders h = headers();
    h.set(HttpHeaderNames.LOCATION, location);
    h.set("Docker-Content-Digest", digest.toString());
    if (subject != null) {
      h.set("OCI-Subject", subject.toString());
    }
    sendEmpty(ctx, ex, HttpResponseStatus.CREATED, h);
  }

  private void sendUploadStatus(
      ChannelHandlerContext ctx,
      Exchange ex,
      HttpResponseStatus status,
      String repo,
      String id,
      long size) {
    HttpHeaders h = headers();
    h.set(HttpHeaderNames.LOCATION, "/v2/" + repo + "/blobs/uploads/" + id);
    h.set(HttpHeaderNames.RANGE, "0-" + Math.max(0, size - 1));
    h.set("Docker-Upload-UUID", id);
    sendEmpty(ctx, ex, status, h);
  }

  private void sendEmpty(
      ChannelHandlerContext ctx, Exchange ex, HttpResponseStatus status, HttpHeaders h) {
    sendFull(ctx, ex, status, h, new byte[0], null);
  }

  private void sendError(ChannelHandlerContext ctx, Exchange ex, RegistryException e) {
    if (e.isStorageFull()) {
      server
          .storageFull()
          .refused(ex.method.name(), ex.uri, ex.header(HttpHeaderNames.CONTENT_LENGTH), e);
    }
    ObjectNode body = Json.MAPPER.createObjectNode();
    ObjectNode error = body.putArray("errors").addObject();
    error.put("code", e.code().name());
    error.put("message", e.getMessage());
    byte[] bytes;
    try {
      bytes = Json.MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException x) {
      throw new IllegalStateException(x);
    }
    HttpHeaders h = headers();
    h.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    if (e.code() == ErrorCode.UNAUTHORIZED) {
      h.set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"airlock\"");
    }
    sendFull(ctx, ex, HttpResponseStatus.valueOf(e.status()), h, bytes, e.code().name());
  }

  private void sendFull(
      ChannelHandlerContext ctx,
      Exchange ex,
      HttpResponseStatus status,
      HttpHeaders h,
      byte[] body,
      String errorCode) {
    boolean head = ex.method.equals(HttpMethod.HEAD);
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            status,
            head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body),
            h,
            io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE);
    HttpUtil.setContentLength(response, body.length);
    keepAlive(response, ex);
    ChannelFuture f = ctx.writeAndFlush(response);
    done(ctx, f, ex, status.code(), head ? 0 : body.length, errorCode);
  }

  /** Sends {@code length} bytes of content from {@code start}: in place from files. */
  private void send(
      ChannelHandlerContext ctx,
      Exchange ex,
      HttpResponseStatus status,
      HttpHeaders h,
      ContentSource content,
      long start,
      long length)
      throws IOException {
    boolean head = ex.method.equals(HttpMethod.HEAD);
    if (head || content instanceof InlineContent) {
      byte[] bytes;
      if (head) {
        bytes = new byte[0];
      } else {
        try (InputStream in = content.open()) {
          in.skipNBytes(start);
          bytes = in.readNBytes((int) length);
        }
      }
      FullHttpResponse response =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              status,
              Unpooled.wrappedBuffer(bytes),
              h,
              io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE);
      HttpUtil.setContentLength(response, length);
      keepAlive(response, ex);
      done(ctx, ctx.writeAndFlush(response), ex, status.code(), bytes.length, null);
      return;
    }
    FileSlice slice = (FileSlice) content;
    FileChannel channel = FileChannel.open(slice.file(), StandardOpenOption.READ);
    try {
      if (channel.size() < slice.offset() + slice.size()) {
        throw new IOException(
            slice.file()
                + " is truncated: it has "
                + channel.size()
                + " bytes, content runs to "
                + (slice.offset() + slice.size()));
      }
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status, h);
    HttpUtil.setContentLength(response, length);
    keepAlive(response, ex);
    ctx.write(response);
    ChannelFuture f;
    if (tls) {
      f =
          ctx.writeAndFlush(
              new HttpChunkedInput(
                  new ChunkedNioFile(channel, slice.offset() + start, length, FILE_CHUNK)));
    } else {
      ctx.write(new DefaultFileRegion(channel, slice.offset() + start, length));
      f = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    }
    done(ctx, f, ex, status.code(), length, null);
  }

  private static void keepAlive(HttpResponse response, Exchange ex) {
    if (ex.keepAlive && !ex.close) {
      if (!ex.request.protocolVersion().isKeepAliveDefault()) {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      }
    } else {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
  }

  private void done(
      ChannelHandlerContext ctx,
      ChannelFuture f,
      Exchange ex,
      int status,
      long bytesOut,
      String errorCode) {
    f.addListener(
        future -> {
          long sent = future.isSuccess() ? bytesOut : 0;
          server
              .metrics()
              .finished(
                  ex.route.kind().label(), ex.method.name(), status, ex.bytesIn, sent, errorCode);
          if (ex.route.isApi() || status >= 400) {
            server
                .listener()
                .onEvent(
                    new AccessLogEntry(
                        ex.start,
                        remote(ctx),
                        ex.user,
                        ex.method.name(),
                        ex.uri,
                        future.isSuccess() ? status : 499,
                        ex.bytesIn,
                        sent,
                        (System.nanoTime() - ex.startNanos) / 1_000_000,
                        Optional.ofNullable(ex.header(HttpHeaderNames.USER_AGENT)).orElse("-")));
          }
        });
    if (ex.close) {
      f.addListener(future -> UnreadableRequests.closeAfterLinger(ctx.channel(), tls));
    } else if (!ex.keepAlive) {
      f.addListener(ChannelFutureListener.CLOSE);
    } else {
      f.addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }
  }

  private static String remote(ChannelHandlerContext ctx) {
    if (ctx.channel().remoteAddress() instanceof InetSocketAddress a) {
      return ListenAddress.format(a);
    }
    return String.valueOf(ctx.channel().remoteAddress());
  }
}
